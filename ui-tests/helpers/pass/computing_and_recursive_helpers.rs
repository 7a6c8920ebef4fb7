use twain::prelude::*;

fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

fn is_even(n: u64) -> bool {
    n == 0 || is_odd(n - 1)
}

fn is_odd(n: u64) -> bool {
    n != 0 && is_even(n - 1)
}

fn slug(title: &str) -> String {
    title
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect()
}

#[view]
async fn numbers(n: u64) -> String {
    format!("{} {} {}", fib(n.min(20)), is_even(n), slug("Hello World"))
}

fn main() {
    let _ = numbers;
}
