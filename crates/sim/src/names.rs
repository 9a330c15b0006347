//! Unit enums read from and written as one of their names
//! (`"sync": "fdatasync"`), and the scenario's objects read field by field.
//! serde's derive gives each enum and each struct its own visitors (a
//! kilobyte or several of WebAssembly apiece); `named!` gives an enum a
//! table of names and `fields!` a struct a table of fields, and both
//! share one visitor each, which keeps the page small. What is refused is
//! refused as serde's derive refuses it ("unknown variant `x`, expected
//! one of ...", "unknown field `x`, expected one of ...", "duplicate field
//! `x`"), so errors read the same. A missing field keeps its default.

#[cfg(feature = "serde")]
use core::fmt;

#[cfg(feature = "serde")]
use serde::de::{self, Visitor};

/// Reads a string that must be one of `names` (a variant's, or with
/// `field` a field's); returns its index.
#[cfg(feature = "serde")]
struct NameOf(&'static [&'static str], bool);

#[cfg(feature = "serde")]
impl Visitor<'_> for NameOf {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one of its names")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.iter().position(|n| *n == v).ok_or_else(|| {
            if self.1 {
                E::unknown_field(v, self.0)
            } else {
                E::unknown_variant(v, self.0)
            }
        })
    }
}

#[cfg(feature = "serde")]
impl<'de> de::DeserializeSeed<'de> for NameOf {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

/// The index in `names` of the name `d` holds.
#[cfg(feature = "serde")]
pub(crate) fn index<'de, D: de::Deserializer<'de>>(
    d: D,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    d.deserialize_str(NameOf(names, false))
}

/// A struct read from an object field by field (see `fields!`).
#[cfg(feature = "serde")]
pub trait Fields: Default {
    /// Its fields' names, in order.
    const FIELDS: &'static [&'static str];
    /// Reads field `i`'s value from `map` into `self`.
    fn set<'de, A: de::MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error>;

    /// A required field the object did not give, if any (checked where the
    /// object ends, so the error points there, as serde's derive does).
    fn missing(&self) -> Option<&'static str> {
        None
    }
}

#[cfg(feature = "serde")]
struct Object<T>(core::marker::PhantomData<T>);

#[cfg(feature = "serde")]
impl<'de, T: Fields> Visitor<'de> for Object<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut t = T::default();
        let mut seen = 0u64;
        while let Some(i) = map.next_key_seed(NameOf(T::FIELDS, true))? {
            if seen & (1 << i) != 0 {
                return Err(de::Error::duplicate_field(T::FIELDS[i]));
            }
            seen |= 1 << i;
            t.set(i, &mut map)?;
        }
        match t.missing() {
            Some(field) => Err(de::Error::missing_field(field)),
            None => Ok(t),
        }
    }
}

/// Reads a `T` from an object, starting from `T::default()`.
#[cfg(feature = "serde")]
pub fn object<'de, D: de::Deserializer<'de>, T: Fields>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(Object(core::marker::PhantomData))
}

/// Serialize and Deserialize for a unit enum by its names:
/// `named!(SyncMode { LogBuffer => "log-buffer", Buffered => "buffered" });`
macro_rules! named {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        #[cfg(feature = "serde")]
        const _: () = {
            const NAMES: &[&str] = &[$($name),+];
            const ALL: &[$ty] = &[$($ty::$variant),+];
            impl serde::Serialize for $ty {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let i = ALL.iter().position(|v| v == self).unwrap_or(0);
                    s.serialize_str(NAMES[i])
                }
            }
            impl<'de> serde::Deserialize<'de> for $ty {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    crate::names::index(d, NAMES).map(|i| ALL[i])
                }
            }
        };
    };
}
pub(crate) use named;

/// Deserialize for a struct with defaults, read as an object whose fields
/// may come in any order, each at most once, none unknown:
/// `fields!(CacheSpec { capacity, ttl_us, single_flight });`
macro_rules! fields {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        #[cfg(feature = "serde")]
        const _: () = {
            impl crate::names::Fields for $ty {
                const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];
                fn set<'de, A: serde::de::MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
                    let mut n = 0;
                    $(
                        if i == n {
                            self.$field = map.next_value()?;
                            return Ok(());
                        }
                        n += 1;
                    )+
                    let _ = n;
                    Ok(())
                }
            }
            impl<'de> serde::Deserialize<'de> for $ty {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    crate::names::object(d)
                }
            }
        };
    };
}
pub(crate) use fields;

#[cfg(all(test, feature = "json"))]
mod tests {
    use crate::storage::SyncMode;

    #[test]
    fn a_name_reads_and_writes_as_itself_and_a_stranger_is_refused_by_the_names() {
        let m: SyncMode = serde_json::from_str("\"o-direct-fsync\"").unwrap();
        assert_eq!(m, SyncMode::ODirectFsync);
        assert_eq!(
            serde_json::to_string(&SyncMode::LogBuffer).unwrap(),
            "\"log-buffer\""
        );
        let e = serde_json::from_str::<SyncMode>("\"sometimes\"")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("unknown variant `sometimes`, expected one of `log-buffer`, `buffered`"),
            "{e}"
        );
        assert!(serde_json::from_str::<SyncMode>("3").is_err());
    }

    #[test]
    fn an_object_keeps_the_defaults_it_omits_and_refuses_strangers_and_repeats() {
        use crate::cache::CacheSpec;
        let c: CacheSpec = serde_json::from_str(r#"{"ttl_us": 5}"#).unwrap();
        assert_eq!(
            c,
            CacheSpec {
                ttl_us: 5,
                ..CacheSpec::default()
            }
        );
        let e = serde_json::from_str::<CacheSpec>(r#"{"size": 5}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("unknown field `size`, expected one of `capacity`, `ttl_us`, `single_flight`"),
            "{e}"
        );
        let e = serde_json::from_str::<CacheSpec>(r#"{"ttl_us": 5, "ttl_us": 6}"#)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("duplicate field `ttl_us`"), "{e}");
        assert!(serde_json::from_str::<CacheSpec>("[]").is_err());
    }

    #[test]
    fn a_tagged_object_without_its_tag_is_refused_at_its_path() {
        let e = crate::json::scenario(r#"{"policy": {"write_delay_us": 5}}"#).unwrap_err();
        assert_eq!(e.field, "policy");
        assert!(e.message.starts_with("missing field `kind`"), "{}", e.message);
        let e =
            crate::json::scenario(r#"{"faults": [{"fault": "crash-cache", "downtime_us": 5}]}"#).unwrap_err();
        assert_eq!(e.field, "faults[0]");
        assert!(e.message.starts_with("missing field `at_us`"), "{}", e.message);
    }
}
