"""Writes in the network: members, posts, moderation. See each module."""

from careloop.network.services.members import (
    follow_toggle,
    member_appoint,
    member_join,
    member_relation_set,
    member_unappoint,
    member_update,
    member_verify,
    member_vouch,
)
from careloop.network.services.moderation import (
    member_moderate,
    post_approve,
    post_edit_out,
    post_flag,
    post_guard_clear,
    post_hide,
    post_restore,
    thread_lock_toggle,
)
from careloop.network.services.posts import (
    IdentifiersFound,
    post_accept,
    post_edit,
    post_helpful_toggle,
    reply_create,
    thread_bookmark_toggle,
    thread_create,
)

__all__ = [
    "IdentifiersFound",
    "follow_toggle",
    "member_appoint",
    "member_join",
    "member_moderate",
    "member_relation_set",
    "member_unappoint",
    "member_update",
    "member_verify",
    "member_vouch",
    "post_accept",
    "post_approve",
    "post_edit",
    "post_edit_out",
    "post_flag",
    "post_guard_clear",
    "post_helpful_toggle",
    "post_hide",
    "post_restore",
    "reply_create",
    "thread_bookmark_toggle",
    "thread_create",
    "thread_lock_toggle",
]
