//! A cloud's whole state as one JSON text, and back: what a journal is compacted into (the
//! snapshot plus the entries after it, CONTRACT §7: opening the stored cloud reads state-sized
//! data instead of replaying its history).
//!
//! The text is serde's JSON form of the server's rows ([`Changes`](super::slice::Changes): the
//! counter, accounts, each user's head, conversation records, chat groups and messages), plus
//! a format version, without the fields (and heads) that hold their type's default; it is written here by hand and read with the lenient readers of
//! `wire_decode.rs`, since serde's derived code for these types measured 37 KB gzip of wasm
//! (the size budget, CONTRACT §1). `tests/snapshot.rs` checks that serde_json reads the text as
//! the same rows, and that random histories round-trip to the same state.

use super::conv_groups::ConvGroups;
use super::relations::Relations;
use super::state::{Cloud, ConvRecord, Group, Stored};
use super::wire_decode::Read;
use super::wire_encode::pairs;
use crate::core::json::Json;
use crate::core::json_read;
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
    let (no_groups, no_relations) = (ConvGroups::default(), Relations::default());
    for (user, s) in cloud.users.iter() {
        // A user without conversation groups or relations has no head to keep.
        if s.conv_groups == no_groups && s.relations == no_relations {
            continue;
        }
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

/// The cloud a snapshot's text describes; `None` when it is not a snapshot this build can read.
/// Read row by row: the text never becomes one tree in memory.
pub fn read(text: &str, sdk_app_id: f64) -> Option<Cloud> {
    let mut c = Cloud::new(sdk_app_id);
    // The version comes first: rows of another format are never read.
    let mut version = None;
    let ok = json_read::for_each_row(text, &mut |key, row| {
        if version != Some(VERSION as f64) {
            if key == "version" {
                version = row.as_number();
            }
            return;
        }
        match key {
            "counter" => c.counter = Read::read(&row),
            "accounts" => {
                let (id, p): (String, Profile) = Read::read(&row);
                c.load_account(&id, p);
            }
            "heads" => {
                let (user, groups, relations): (String, _, Relations) = Read::read(&row);
                c.load_head(&user, groups, relations);
            }
            "convs" => {
                let (user, id, r): (String, String, ConvRecord) = Read::read(&row);
                c.load_conv(&user, &id, r);
            }
            "groups" => {
                let (_, g): (String, Group) = Read::read(&row);
                c.load_group(g);
            }
            "messages" => {
                let (key, m): (String, Stored) = Read::read(&row);
                c.put_message(&key, m);
            }
            _ => {}
        }
    });
    (ok && version == Some(VERSION as f64)).then_some(c)
}

fn number(j: &mut Json, n: &u64) {
    j.num(*n);
}

/// `"key": [...]` only when the list has items (a missing field reads as empty).
fn list<T>(j: &mut Json, key: &str, items: &[T], item: impl Fn(&mut Json, &T)) {
    if items.is_empty() {
        return;
    }
    j.key(key).open_array();
    for x in items {
        item(j, x);
    }
    j.close_array();
}

fn profile(j: &mut Json, p: &Profile) {
    j.open()
        .key("user_id")
        .str(&p.user_id)
        .field("nick", &p.nick)
        .field("avatar", &p.avatar)
        .field_num("last_updated_time", p.last_updated_time);
    if !p.texts.is_empty() {
        j.key("texts");
        pairs(j, &p.texts, |j, v| {
            j.str(v);
        });
    }
    if !p.numbers.is_empty() {
        j.key("numbers");
        pairs(j, &p.numbers, number);
    }
    if !p.custom.is_empty() {
        j.key("custom");
        pairs(j, &p.custom, |j, v| {
            j.str(v);
        });
    }
    j.close();
}

fn relations(j: &mut Json, r: &Relations) {
    j.open();
    list(j, "friends", &r.friends, |j, (id, remark, time)| {
        j.open_array().str(id).str(remark).num(*time).close_array();
    });
    list(
        j,
        "friend_groups",
        &r.friend_groups,
        |j, (name, members)| {
            j.open_array().str(name).strs(members).close_array();
        },
    );
    list(j, "blacklist", &r.blacklist, |j, id| {
        j.str(id);
    });
    list(j, "applications", &r.applications, |j, a| {
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
            .num(a.time);
        #[cfg(feature = "full")]
        j.key("remark").str(&a.remark).key("group").str(&a.group);
        j.close();
    });
    #[cfg(feature = "full")]
    {
        list(j, "friend_fields", &r.friend_fields, |j, f| {
            j.open()
                .key("user_id")
                .str(&f.user_id)
                .key("source")
                .str(&f.source)
                .key("custom");
            super::wire_encode::pairs(j, &f.custom, |j, v| {
                j.str(v);
            });
            j.close();
        });
        j.key("applications_read").num(r.applications_read);
    }
    j.close();
}

/// Only the fields that differ from their type's default: most records are mostly defaults,
/// and a snapshot is read at every start.
fn conv(j: &mut Json, r: &ConvRecord) {
    j.open()
        .field_num("unread", u64::from(r.unread))
        .flag("pinned", r.pinned);
    list(j, "marks", &r.marks, |j, m| {
        j.num(*m);
    });
    j.field("custom_data", &r.custom_data)
        .field("remind", &r.remind)
        .flag("hidden", r.hidden)
        .field_num("cleared_to", r.cleared_to)
        .field_num("created", r.created)
        .field_num("peer_read_time", r.peer_read_time)
        .field_num("peer_read_no", r.peer_read_no);
    list(j, "at_infos", &r.at_infos, |j, a| {
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
    });
    j.field_num("seen_to", r.seen_to);
    #[cfg(feature = "full")]
    list(j, "deleted", &r.deleted, |j, s| {
        j.num(*s);
    });
    j.close();
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
    #[cfg(feature = "full")]
    {
        if !g.attributes.is_empty() {
            j.key("attributes");
            pairs(j, &g.attributes, |j, v| {
                j.str(v);
            });
        }
        if !g.counters.is_empty() {
            j.key("counters");
            pairs(j, &g.counters, |j, v| {
                j.int(*v);
            });
        }
        if g.more != Default::default() {
            j.key("more");
            super::wire_encode::group_more(j, &g.more);
        }
        if !g.member_info.is_empty() {
            j.key("member_info").open_array();
            for i in &g.member_info {
                super::wire_encode::member_info(j, i);
            }
            j.close_array();
        }
        if !g.applications.is_empty() {
            j.key("applications").open_array();
            for a in &g.applications {
                j.open()
                    .key("user_id")
                    .str(&a.user_id)
                    .key("note")
                    .str(&a.note)
                    .key("time")
                    .num(a.time)
                    .close();
            }
            j.close_array();
        }
    }
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
        .field_num("random", u64::from(m.random))
        .key("time")
        .num(m.time)
        .key("from")
        .str(&m.from)
        .key("payload");
    super::wire_encode::payload(j, &m.payload);
    j.field("cloud_custom_data", &m.cloud_custom_data)
        .field_num("version", u64::from(m.version));
    #[cfg(feature = "full")]
    {
        j.field("revoker", &m.revoker);
        list(j, "reactions", &m.reactions, |j, (r, users)| {
            j.open_array().str(r).strs(users).close_array();
        });
        list(j, "extensions", &m.extensions, |j, (k, v)| {
            j.open_array().str(k).str(v).close_array();
        });
        j.field_num("flags", u64::from(m.flags));
        if !m.readers.is_empty() {
            j.key("readers").strs(&m.readers);
        }
    }
    j.close();
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
            #[cfg(feature = "full")]
            deleted: Read::read(f("deleted")),
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
            #[cfg(feature = "full")]
            attributes: Read::read(f("attributes")),
            #[cfg(feature = "full")]
            counters: Read::read(f("counters")),
            #[cfg(feature = "full")]
            member_info: Read::read(f("member_info")),
            #[cfg(feature = "full")]
            more: Read::read(f("more")),
            #[cfg(feature = "full")]
            applications: Read::read(f("applications")),
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
            #[cfg(feature = "full")]
            revoker: Read::read(f("revoker")),
            #[cfg(feature = "full")]
            reactions: Read::read(f("reactions")),
            #[cfg(feature = "full")]
            extensions: Read::read(f("extensions")),
            #[cfg(feature = "full")]
            flags: Read::read(f("flags")),
            #[cfg(feature = "full")]
            readers: Read::read(f("readers")),
        }
    }
}
