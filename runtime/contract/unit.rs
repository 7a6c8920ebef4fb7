//! What the generated adapters need to hold values safely: a `&'static` of
//! a closure that holds only the view's unit struct and the user's function
//! (`#[view]` passes both by value: each is zero-sized, so the closure is
//! too, and leaking its box allocates nothing).

use crate::handler::View;

/// `&'static value` for a zero-sized `value` (checked at compile time):
/// its box allocates nothing, so leaking it costs nothing, however often.
#[inline(always)]
pub(super) fn unit_ref<T: 'static>(value: T) -> &'static T {
    const {
        assert!(
            std::mem::size_of::<T>() == 0,
            "an adapter holds nothing but the user's function"
        )
    };
    Box::leak(Box::new(value))
}

/// The names of the view's `N` arguments, from its `info()` (every
/// argument of a view the generic adapters serve is extracted).
#[inline]
pub(super) fn arg_names<V: View, const N: usize>(view: &V) -> [&'static str; N] {
    let info = view.info();
    let mut names = [""; N];
    for (name, arg) in names.iter_mut().zip(info.args) {
        *name = arg.name;
    }
    names
}

#[cfg(test)]
mod tests {
    use super::super::{async_deref_0, async_view_deref_2};

    struct Add;

    async fn hello() -> &'static str {
        "hello"
    }

    async fn add(a: u32, b: String) -> String {
        format!("{b}{a}")
    }

    #[tokio::test]
    async fn a_deref_target_calls_the_function_and_boxes_its_future() {
        let hello_ref = async_deref_0(hello);
        assert_eq!(hello_ref().await, "hello");
        let add_ref = async_view_deref_2::<Add, _, _, _, _, _>(add);
        assert_eq!(add_ref(2, "x".to_owned()).await, "x2");
        // Zero-sized: the reference points at no allocation of its own.
        assert_eq!(std::mem::size_of_val(add_ref), 0);
    }
}
