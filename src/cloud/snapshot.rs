//! A cloud's whole state as one JSON text, and back: what a journal is compacted into (the
//! snapshot plus the entries after it, CONTRACT §7: opening the stored cloud reads state-sized
//! data instead of replaying its history).
//!
//! The text is serde's JSON form of the server's rows ([`Changes`](super::slice::Changes): the
//! counter, accounts, each user's head, conversation records, chat groups and messages), plus
//! a format version; it is written here by hand and read with the lenient readers of
//! `wire_decode.rs`, since serde's derived code for these types measured 37 KB gzip of wasm
//! (the size budget, CONTRACT §1). `tests/snapshot.rs` checks that serde_json reads the text as
//! the same rows, and that random histories round-trip to the same state.

use super::relations::Relations;
use super::state::{Cloud, ConvRecord, Group, Stored};
use super::wire_decode::Read;
use super::wire_encode::pairs;
use crate::core::json::Json;
use crate::core::profile::Profile;
use crate::core::value::Value;

/// The format written; a text of a newer one is not read (the page then replays its journal).
pub const VERSION: u64 = 1;

/// The cloud's state as one JSON text.
pub fn write(cloud: &Cloud) -> String {
    let mut j = Json::new();
    j.open()
        .key("version")
        .num(VERSION)
        .key("counter")
        .num(cloud.counter);
    j.key("accounts").open_array();
    for (id, p) in cloud.accounts.iter() {
        j.open_array().str(id);
        profile(&mut j, p);
        j.close_array();
    }
    j.close_array().key("heads").open_array();
    for (user, s) in cloud.users.iter() {
        j.open_array().str(user);
        s.conv_groups.write_stored(&mut j);
        relations(&mut j, &s.relations);
        j.close_array();
    }
    j.close_array().key("convs").open_array();
    for (user, s) in cloud.users.iter() {
        for (id, r) in s.convs.iter() {
            j.open_array().str(user).str(id);
            conv(&mut j, r);
            j.close_array();
        }
    }
    j.close_array().key("groups").open_array();
    for (id, g) in cloud.groups.iter() {
        j.open_array().str(id);
        group(&mut j, g);
        j.close_array();
    }
    j.close_array().key("messages").open_array();
    for (key, t) in cloud.threads.iter() {
        for m in &t.messages {
            j.open_array().str(key);
            message(&mut j, m);
            j.close_array();
        }
    }
    j.close_array().close();
    j.finish()
}

/// The cloud a snapshot describes; `None` when it is not a snapshot this build can read.
pub fn read(v: &Value, sdk_app_id: f64) -> Option<Cloud> {
    let version = v.get("version").as_number()?;
    if version != VERSION as f64 {
        return None;
    }
    let mut c = Cloud::new(sdk_app_id);
    c.counter = Read::read(v.get("counter"));
    for row in v.get("accounts").as_array()? {
        let (id, p): (String, Profile) = Read::read(row);
        c.load_account(&id, p);
    }
    for row in v.get("heads").as_array()? {
        let (user, groups, relations): (String, _, Relations) = Read::read(row);
        c.load_head(&user, groups, relations);
    }
    for row in v.get("convs").as_array()? {
        let (user, id, r): (String, String, ConvRecord) = Read::read(row);
        c.load_conv(&user, &id, r);
    }
    for row in v.get("groups").as_array()? {
        let (_, g): (String, Group) = Read::read(row);
        c.load_group(g);
    }
    for row in v.get("messages").as_array()? {
        let (key, m): (String, Stored) = Read::read(row);
        c.put_message(&key, m);
    }
    Some(c)
}

fn text(j: &mut Json, s: &String) {
    j.str(s);
}

fn number(j: &mut Json, n: &u64) {
    j.num(*n);
}

fn profile(j: &mut Json, p: &Profile) {
    j.open()
        .key("user_id")
        .str(&p.user_id)
        .key("nick")
        .str(&p.nick)
        .key("avatar")
        .str(&p.avatar)
        .key("last_updated_time")
        .num(p.last_updated_time)
        .key("texts");
    pairs(j, &p.texts, text);
    j.key("numbers");
    pairs(j, &p.numbers, number);
    j.key("custom");
    pairs(j, &p.custom, text);
    j.close();
}

fn relations(j: &mut Json, r: &Relations) {
    j.open().key("friends").open_array();
    for (id, remark, time) in &r.friends {
        j.open_array().str(id).str(remark).num(*time).close_array();
    }
    j.close_array().key("friend_groups").open_array();
    for (name, members) in &r.friend_groups {
        j.open_array().str(name).strs(members).close_array();
    }
    j.close_array()
        .key("blacklist")
        .strs(&r.blacklist)
        .key("applications")
        .open_array();
    for a in &r.applications {
        j.open()
            .key("user_id")
            .str(&a.user_id)
            .key("incoming")
            .bool(a.incoming)
            .key("word")
            .str(&a.word)
            .key("source")
            .str(&a.source)
            .key("time")
            .num(a.time)
            .close();
    }
    j.close_array().close();
}

fn conv(j: &mut Json, r: &ConvRecord) {
    j.open()
        .key("unread")
        .num(u64::from(r.unread))
        .key("pinned")
        .bool(r.pinned)
        .key("marks")
        .open_array();
    for m in &r.marks {
        j.num(*m);
    }
    j.close_array()
        .key("custom_data")
        .str(&r.custom_data)
        .key("remind")
        .str(&r.remind)
        .key("hidden")
        .bool(r.hidden)
        .key("cleared_to")
        .num(r.cleared_to)
        .key("created")
        .num(r.created)
        .key("peer_read_time")
        .num(r.peer_read_time)
        .key("peer_read_no")
        .num(r.peer_read_no)
        .key("at_infos")
        .open_array();
    for a in &r.at_infos {
        j.open()
            .key("from")
            .str(&a.from)
            .key("group_id")
            .str(&a.group_id)
            .key("sequence")
            .num(a.sequence)
            .key("random")
            .num(u64::from(a.random))
            .key("kind")
            .num(u64::from(a.kind))
            .close();
    }
    j.close_array().key("seen_to").num(r.seen_to).close();
}

fn group(j: &mut Json, g: &Group) {
    j.open()
        .key("id")
        .str(&g.id)
        .key("order")
        .num(g.order)
        .key("name")
        .str(&g.name)
        .key("kind")
        .str(&g.kind)
        .key("owner")
        .str(&g.owner)
        .key("created")
        .num(g.created)
        .key("members");
    pairs(j, &g.members, number);
    j.close();
}

fn message(j: &mut Json, m: &Stored) {
    j.open()
        .key("id")
        .str(&m.id)
        .key("no")
        .num(m.no)
        .key("seq")
        .num(m.seq)
        .key("random")
        .num(u64::from(m.random))
        .key("time")
        .num(m.time)
        .key("from")
        .str(&m.from)
        .key("payload");
    super::wire_encode::payload(j, &m.payload);
    j.key("cloud_custom_data")
        .str(&m.cloud_custom_data)
        .key("version")
        .num(u64::from(m.version))
        .close();
}

impl Read for ConvRecord {
    fn read(v: &Value) -> Self {
        let f = |k| v.get(k);
        ConvRecord {
            unread: Read::read(f("unread")),
            pinned: Read::read(f("pinned")),
            marks: Read::read(f("marks")),
            custom_data: Read::read(f("custom_data")),
            remind: Read::read(f("remind")),
            hidden: Read::read(f("hidden")),
            cleared_to: Read::read(f("cleared_to")),
            created: Read::read(f("created")),
            peer_read_time: Read::read(f("peer_read_time")),
            peer_read_no: Read::read(f("peer_read_no")),
            at_infos: Read::read(f("at_infos")),
            seen_to: Read::read(f("seen_to")),
        }
    }
}

impl Read for Group {
    fn read(v: &Value) -> Self {
        let f = |k| v.get(k);
        Group {
            id: Read::read(f("id")),
            order: Read::read(f("order")),
            name: Read::read(f("name")),
            kind: Read::read(f("kind")),
            owner: Read::read(f("owner")),
            created: Read::read(f("created")),
            members: Read::read(f("members")),
        }
    }
}

impl Read for Stored {
    fn read(v: &Value) -> Self {
        let f = |k| v.get(k);
        Stored {
            id: Read::read(f("id")),
            no: Read::read(f("no")),
            seq: Read::read(f("seq")),
            random: Read::read(f("random")),
            time: Read::read(f("time")),
            from: Read::read(f("from")),
            payload: Read::read(f("payload")),
            cloud_custom_data: Read::read(f("cloud_custom_data")),
            version: Read::read(f("version")),
        }
    }
}
