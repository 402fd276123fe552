"""The network: a room shared by members of every practice.

Nothing here points into a practice's records. A member is a user with a professional
profile; the only practice a member's profile names is the one they chose to show.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

# A new member's posts wait for a moderator until this many were approved.
TRUSTED_AFTER_APPROVED_POSTS = 3
# A thread page shows posts by number: page 1 is posts 1-50, page 2 is 51-100, ...
POSTS_PER_PAGE = 50


class Member(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        MODERATOR = "moderator", "Moderator"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        REMOVED = "removed", "Removed"

    class Digest(models.TextChoices):
        NONE = "none", "No digest"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_member"
    )
    display_name = models.CharField(max_length=80)
    # What others type after @ to mention this member.
    handle = models.CharField(
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9._-]{1,39}$",
                "2-40 lower-case letters, digits, dots, dashes or underscores.",
            )
        ],
        help_text="Others mention you as @handle.",
    )
    credentials = models.CharField(max_length=100, blank=True, help_text='e.g. "MES, CSCS"')
    specialties = models.CharField(
        max_length=200, blank=True, help_text="e.g. post-op knee, spine, cardiac rehab"
    )
    country = models.CharField(max_length=60, blank=True)
    region = models.CharField(max_length=60, blank=True, help_text="Coarse: a state or county.")
    bio = models.TextField(max_length=600, blank=True)
    # Shown on the profile only when the member chose to show it.
    shown_practice_name = models.CharField(max_length=200, blank=True)
    declared_credential = models.CharField(
        max_length=200,
        blank=True,
        help_text="A credential moderators can check, e.g. issuer and number.",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_how = models.CharField(max_length=20, blank=True)  # "moderator" or "vouched"
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    conduct_accepted_at = models.DateTimeField()
    approved_posts = models.PositiveIntegerField(default=0)
    email_immediate = models.BooleanField(
        default=True, help_text="E-mail me at once about replies to my threads and mentions."
    )
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.WEEKLY)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        indexes = [models.Index(fields=["status", "role"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_moderator(self) -> bool:
        return self.role == self.Role.MODERATOR and self.status == self.Status.ACTIVE

    @property
    def is_active_member(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_trusted(self) -> bool:
        return (
            self.is_moderator
            or self.is_verified
            or self.approved_posts >= TRUSTED_AFTER_APPROVED_POSTS
        )


class MemberRelation(models.Model):
    """A member muting (hide their posts from me) or blocking (also: they cannot reach
    me by mention or reply notification) another."""

    class Kind(models.TextChoices):
        MUTE = "mute", "Muted"
        BLOCK = "block", "Blocked"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "other"], name="network_one_relation")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.other_id}"


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Waiting for approval"
    HIDDEN = "hidden", "Hidden"


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=150)
    is_question = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="threads")
    # Mirrors the opening post: a thread is listed only while its opening post is published.
    status = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    last_posted_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["status", "-last_posted_at"]),
            models.Index(fields=["category", "status", "-last_posted_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Post(models.Model):
    """The opening post (number 1) or a reply. `body` is the author's markdown; `html`
    is its sanitised rendering. Search indexes `headline` (the thread title, on the
    opening post only) and `body` (see search.py and the migrations)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts")
    number = models.PositiveIntegerField()
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    headline = models.CharField(max_length=150, blank=True)
    body = models.TextField(max_length=20_000)
    html = models.TextField()
    status = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    hidden_reason = models.CharField(max_length=200, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="network_post_number")
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.number}"

    def get_absolute_url(self) -> str:
        url = reverse("network_thread", kwargs={"thread_id": self.thread_id})
        query = f"?page={self.page}" if self.page > 1 else ""
        return f"{url}{query}#post-{self.number}"

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1


class PostRevision(models.Model):
    """The body before an edit, kept so every edit's history is visible."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    headline = models.CharField(max_length=150, blank=True)
    editor = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"revision of post {self.post_id}"


class Helpful(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helpful_marks")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="network_one_helpful")
        ]

    def __str__(self) -> str:
        return f"helpful {self.post_id} by {self.member_id}"


class Bookmark(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="bookmarks")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="network_one_bookmark")
        ]

    def __str__(self) -> str:
        return f"bookmark {self.thread_id} by {self.member_id}"


class Follow(models.Model):
    """Following exactly one of: a thread, a category or a tag."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, category__isnull=True, tag__isnull=True)
                    | Q(thread__isnull=True, category__isnull=False, tag__isnull=True)
                    | Q(thread__isnull=True, category__isnull=True, tag__isnull=False)
                ),
                name="network_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["member", "thread", "category", "tag"], name="network_one_follow"
            ),
        ]

    def __str__(self) -> str:
        return f"follow by {self.member_id}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", "Off-topic"
        UNPROFESSIONAL = "unprofessional", "Unprofessional"
        CLIENT_INFO = "client_info", "Contains client information"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="network_one_flag_per_member")
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reason} flag on post {self.post_id}"


class ModerationAction(models.Model):
    """The moderation log. Members see its outline (what, when, why); the moderator's
    name is shown too: moderators act in the open."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved a post"
        HIDE = "hide", "Hid a post"
        AUTO_HIDE = "auto_hide", "Post hidden by flags"
        RESTORE = "restore", "Restored a post"
        EDIT_OUT = "edit_out", "Edited content out of a post"
        LOCK = "lock", "Locked a thread"
        UNLOCK = "unlock", "Unlocked a thread"
        SUSPEND = "suspend", "Suspended a member"
        REMOVE = "remove", "Removed a member"
        REINSTATE = "reinstate", "Reinstated a member"
        VERIFY = "verify", "Verified a member"
        VOUCH = "vouch", "Vouched for a member"
        APPOINT = "appoint", "Appointed a moderator"
        UNAPPOINT = "unappoint", "Removed a moderator"
        GUARD_CLEAR = "guard_clear", "Cleared a post its author confirmed"
        DISMISS = "dismiss", "Dismissed flags"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    moderator = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.created_at:%Y-%m-%d}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "replied to your thread"
        MENTION = "mention", "mentioned you"
        FOLLOWED = "followed", "posted in something you follow"
        ACCEPTED = "accepted", "accepted your answer"
        MODERATION = "moderation", "moderation"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["member", "read_at"]),
            models.Index(fields=["member", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.member_id}"


class GuardConfirmation(models.Model):
    """The author confirmed that a name the identifier guard matched is not client
    information: the post was published and waits here for a moderator's review. Only
    the kinds are kept (never the term, nor which record it matched)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="guard_confirmations")
    kinds = models.CharField(max_length=100)
    created_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["reviewed_at", "created_at"])]

    def __str__(self) -> str:
        return f"guard confirmation on post {self.post_id}"
