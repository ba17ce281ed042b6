//! Client of the ad platform: tailored audiences (advertisers upload hashed
//! contacts and target the matching users) and interest segments.

mod matching;

pub use matching::hash_identifier;

use purpose_attrs::advertising_sink;

/// One member of a tailored audience, matched by a hashed phone or e-mail.
pub struct AudienceMember {
    pub hashed_contact: String,
}

pub struct AudienceClient {
    audience_id: u64,
    pending: Vec<String>,
}

impl AudienceClient {
    pub fn new(audience_id: u64) -> Self {
        AudienceClient { audience_id, pending: Vec::new() }
    }

    /// Adds a member; the advertiser can now target this user.
    #[advertising_sink]
    pub fn add_member(&mut self, member: AudienceMember) {
        self.pending.push(format!("{}:{}", self.audience_id, member.hashed_contact));
    }
}

/// Bulk upload of a tailored audience.
#[advertising_sink]
pub fn upload_tailored_audience(audience_id: u64, members: &[AudienceMember]) {
    let _request = format!("PUT /audiences/{audience_id} ({} members)", members.len());
}

/// Records a signup conversion for the campaign that brought the user.
#[advertising_sink]
pub fn track_signup(campaign: &str) {
    let _request = format!("POST /conversions/signup?campaign={campaign}");
}

/// Anything that ships user segments to advertisers.
#[advertising_sink]
pub trait SegmentExporter {
    fn export_segment(&self, segment: &str, keys: &[String]);
}

#[derive(Default)]
pub struct InterestExporter;

impl SegmentExporter for InterestExporter {
    fn export_segment(&self, segment: &str, keys: &[String]) {
        let _request = format!("POST /segments/{segment} ({} keys)", keys.len());
    }
}
