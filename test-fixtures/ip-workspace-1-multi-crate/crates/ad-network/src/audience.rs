use purpose_attrs::advertising_sink;

/// Adds one member key to the partner's lookalike audience.
#[advertising_sink]
pub fn add_member(key: &str) {
    let _req = format!("lookalike += {key}");
}

pub struct Segment {
    pub name: String,
}

impl Segment {
    pub fn named(name: &str) -> Self {
        Self { name: name.to_string() }
    }

    pub fn enroll_all(&self, keys: &[String]) {
        for k in keys {
            add_member(&format!("{}:{k}", self.name)); // FLOW
        }
    }
}
