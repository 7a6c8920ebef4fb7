use twain::prelude::*;

struct Image {
    bytes: Vec<u8>,
}

#[task]
fn thumbnail(image: Image, width: u32) -> usize {
    image.bytes.len() + width as usize
}

fn main() {}
