//! Chat groups and profiles.

use super::step::Step;
use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::error::{Code, Error};
use crate::core::event::Events;
use crate::core::group::GroupProfile;
use crate::core::profile::{Profile, ProfileChange};

fn unexpected() -> Error {
    Error::of(Code::UncaughtError)
}

impl Client {
    /// A request that changes chat groups. The caller's own events (GROUP_LIST_UPDATED, the new
    /// conversation) come from the pushes the cloud addressed to this user: none when nothing
    /// changed (joining a group twice).
    pub(super) fn group_step(req: Request) -> Step<Option<GroupProfile>> {
        Step::ask(req, |c, res| {
            let res = res?;
            let own = c.take_own_pushes();
            let mut events = Events::default();
            c.apply_into(&mut events, own);
            let events = c.finish(events);
            match res {
                Response::Group(g) => Ok((Some(g), events)),
                Response::Done => Ok((None, events)),
                _ => Err(unexpected()),
            }
        })
    }

    /// A group from a step that must give one.
    pub(super) fn the_group(step: Step<Option<GroupProfile>>) -> Step<GroupProfile> {
        step.try_map(|g| g.ok_or_else(unexpected))
    }

    pub fn create_group_step(
        group_id: Option<String>,
        name: &str,
        kind: &str,
        members: Vec<String>,
    ) -> Step<GroupProfile> {
        Self::the_group(Self::group_step(Request::CreateGroup {
            group_id,
            name: name.to_string(),
            kind: kind.to_string(),
            members,
        }))
    }

    /// joinGroup: the group joined, or `None` when an application was kept instead (the full
    /// build sends the application's note with it).
    pub fn join_group_step(
        group_id: &str,
        #[allow(unused_variables)] note: &str,
    ) -> Step<Option<GroupProfile>> {
        #[cfg(feature = "full")]
        let req = Request::GroupMember(crate::cloud::members::MemberOp {
            op: "joinGroup".to_string(),
            group_id: group_id.to_string(),
            note: note.to_string(),
            ..Default::default()
        });
        #[cfg(not(feature = "full"))]
        let req = Request::JoinGroup {
            group_id: group_id.to_string(),
            by_admin: false,
        };
        Self::group_step(req)
    }

    pub fn quit_group_step(group_id: &str) -> Step<()> {
        Self::group_step(Request::QuitGroup {
            group_id: group_id.to_string(),
        })
        .map(|_| ())
    }

    pub fn dismiss_group_step(group_id: &str) -> Step<()> {
        Self::group_step(Request::DismissGroup {
            group_id: group_id.to_string(),
        })
        .map(|_| ())
    }

    /// A read: the answer, no events.
    fn read<T: 'static>(
        req: Request,
        pick: impl FnOnce(Response) -> Option<T> + 'static,
    ) -> Step<T> {
        Step::ask(req, move |_, res| {
            pick(res?).map(|v| (v, Vec::new())).ok_or_else(unexpected)
        })
    }

    pub fn get_group_list_step() -> Step<Vec<GroupProfile>> {
        Self::read(Request::GetJoinedGroups, |r| {
            if let Response::Groups(g) = r {
                Some(g)
            } else {
                None
            }
        })
    }

    pub fn get_group_profile_step(group_id: &str) -> Step<GroupProfile> {
        Self::read(
            Request::GetGroupProfile {
                group_id: group_id.to_string(),
            },
            |r| {
                if let Response::Group(g) = r {
                    Some(g)
                } else {
                    None
                }
            },
        )
    }

    pub fn get_profiles_step(user_ids: Vec<String>) -> Step<Vec<Profile>> {
        Self::read(Request::GetProfiles { user_ids }, |r| {
            if let Response::Profiles(p) = r {
                Some(p)
            } else {
                None
            }
        })
    }

    pub fn update_my_profile_step(change: ProfileChange) -> Step<Profile> {
        Step::ask(Request::UpdateProfile(change), |c, res| {
            let Response::Profiles(mut p) = res? else {
                return Err(unexpected());
            };
            let profile = p.pop().ok_or_else(unexpected)?;
            let own = c.take_own_pushes();
            Ok((profile, c.apply_pushes(own)))
        })
    }

    // The same, run against a cloud in this process.

    pub fn create_group(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        group_id: Option<String>,
        name: &str,
        kind: &str,
        members: Vec<String>,
    ) -> Reply<GroupProfile> {
        self.drive(
            link,
            now,
            Self::create_group_step(group_id, name, kind, members),
        )
    }

    pub fn join_group(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        group_id: &str,
    ) -> Reply<Option<GroupProfile>> {
        self.drive(link, now, Self::join_group_step(group_id, ""))
    }

    pub fn quit_group(&mut self, link: &mut dyn CloudLink, now: u64, group_id: &str) -> Reply<()> {
        self.drive(link, now, Self::quit_group_step(group_id))
    }

    pub fn dismiss_group(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        group_id: &str,
    ) -> Reply<()> {
        self.drive(link, now, Self::dismiss_group_step(group_id))
    }

    pub fn get_group_list(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
    ) -> Result<Vec<GroupProfile>, Error> {
        self.drive(link, now, Self::get_group_list_step())
            .map(|(v, _)| v)
    }

    pub fn get_group_profile(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        group_id: &str,
    ) -> Result<GroupProfile, Error> {
        self.drive(link, now, Self::get_group_profile_step(group_id))
            .map(|(v, _)| v)
    }

    pub fn get_profiles(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        user_ids: Vec<String>,
    ) -> Result<Vec<Profile>, Error> {
        self.drive(link, now, Self::get_profiles_step(user_ids))
            .map(|(v, _)| v)
    }

    pub fn update_my_profile(
        &mut self,
        link: &mut dyn CloudLink,
        now: u64,
        change: ProfileChange,
    ) -> Reply<Profile> {
        self.drive(link, now, Self::update_my_profile_step(change))
    }
}
