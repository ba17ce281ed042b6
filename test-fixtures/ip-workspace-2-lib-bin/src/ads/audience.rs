use purpose_attrs::advertising_sink;

pub struct Audience {
    name: String,
}

impl Audience {
    pub fn open(name: &str) -> Self {
        Self { name: name.to_string() }
    }

    #[advertising_sink]
    pub fn add(&self, key: &str) {
        let _req = format!("{} += {key}", self.name);
    }

    pub fn add_many(&self, keys: &[String]) {
        for k in keys {
            Self::add(self, k); // FLOW
        }
    }

    pub fn add_segment(&self, segment: &str) {
        self.add(&format!("segment:{segment}")); // clean
    }
}
