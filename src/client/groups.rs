//! Chat groups and profiles.

use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::error::{Code, Error};
use crate::core::event::Events;
use crate::core::group::GroupProfile;
use crate::core::profile::Profile;

fn unexpected() -> Error {
    Error::of(Code::UncaughtError)
}

impl Client {
    fn group_call(&mut self, link: &mut dyn CloudLink, now: u64, req: Request) -> Reply<Option<GroupProfile>> {
        let res = self.req(link, req, now)?;
        // The caller's own events (GROUP_LIST_UPDATED, the new conversation) come from the pushes
        // the cloud addressed to this user: none when nothing changed (joining a group twice).
        let own = self.take_own_pushes();
        let mut events = Events::default();
        self.apply_into(&mut events, own);
        let events = self.finish(events);
        match res {
            Response::Group(g) => Ok((Some(g), events)),
            Response::Done => Ok((None, events)),
            _ => Err(unexpected()),
        }
    }

    pub fn create_group(&mut self, link: &mut dyn CloudLink, now: u64, group_id: Option<String>, name: &str, kind: &str, members: Vec<String>) -> Reply<GroupProfile> {
        let (g, ev) = self.group_call(link, now, Request::CreateGroup { group_id, name: name.to_string(), kind: kind.to_string(), members })?;
        Ok((g.ok_or_else(unexpected)?, ev))
    }

    pub fn join_group(&mut self, link: &mut dyn CloudLink, now: u64, group_id: &str) -> Reply<GroupProfile> {
        let (g, ev) = self.group_call(link, now, Request::JoinGroup { group_id: group_id.to_string() })?;
        Ok((g.ok_or_else(unexpected)?, ev))
    }

    pub fn quit_group(&mut self, link: &mut dyn CloudLink, now: u64, group_id: &str) -> Reply<()> {
        let (_, ev) = self.group_call(link, now, Request::QuitGroup { group_id: group_id.to_string() })?;
        Ok(((), ev))
    }

    pub fn dismiss_group(&mut self, link: &mut dyn CloudLink, now: u64, group_id: &str) -> Reply<()> {
        let (_, ev) = self.group_call(link, now, Request::DismissGroup { group_id: group_id.to_string() })?;
        Ok(((), ev))
    }

    pub fn get_group_list(&mut self, link: &mut dyn CloudLink, now: u64) -> Result<Vec<GroupProfile>, Error> {
        match self.req(link, Request::GetJoinedGroups, now)? {
            Response::Groups(g) => Ok(g),
            _ => Err(unexpected()),
        }
    }

    pub fn get_group_profile(&mut self, link: &mut dyn CloudLink, now: u64, group_id: &str) -> Result<GroupProfile, Error> {
        match self.req(link, Request::GetGroupProfile { group_id: group_id.to_string() }, now)? {
            Response::Group(g) => Ok(g),
            _ => Err(unexpected()),
        }
    }

    pub fn get_profiles(&mut self, link: &mut dyn CloudLink, now: u64, user_ids: Vec<String>) -> Result<Vec<Profile>, Error> {
        match self.req(link, Request::GetProfiles { user_ids }, now)? {
            Response::Profiles(p) => Ok(p),
            _ => Err(unexpected()),
        }
    }

    pub fn update_my_profile(&mut self, link: &mut dyn CloudLink, now: u64, nick: Option<String>, avatar: Option<String>) -> Reply<Profile> {
        let Response::Profiles(mut p) = self.req(link, Request::UpdateProfile { nick, avatar }, now)? else {
            return Err(unexpected());
        };
        let profile = p.pop().ok_or_else(unexpected)?;
        let own = self.take_own_pushes();
        Ok((profile, self.apply_pushes(own)))
    }
}
