from __future__ import annotations

from typing import Any

from django import forms

from careloop.core.forms import Form, ModelForm
from careloop.network.models import Category, Flag, Member

PROFILE_FIELDS = [
    "display_name",
    "handle",
    "credentials",
    "specialties",
    "country",
    "region",
    "bio",
    "declared_credential",
]


class ProfileForm(ModelForm):
    show_practice = forms.BooleanField(
        required=False,
        label="Show my practice's name on my profile",
        help_text="Off by default: other members see only what you write here.",
    )

    class Meta:
        model = Member
        fields = [*PROFILE_FIELDS, "email_immediate", "digest"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "email_immediate": "E-mail me at once about replies and mentions",
            "digest": "Digest e-mail",
            "declared_credential": "Credential to verify (optional)",
        }
        help_texts = {"email_immediate": "", "country": "e.g. United Kingdom"}

    def clean_handle(self) -> str:
        return str(self.cleaned_data["handle"]).lower()

    def profile(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return data


class JoinForm(ProfileForm):
    accept_conduct = forms.BooleanField(
        required=True,
        label="I accept the code of conduct: no client identifiers, a professional tone",
        error_messages={"required": "Joining means accepting the code of conduct."},
    )

    class Meta(ProfileForm.Meta):
        pass


class ThreadForm(Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), empty_label=None)
    title = forms.CharField(max_length=150)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text="Markdown. No client names, dates of birth, phone numbers, "
        "addresses or record numbers.",
    )
    tags = forms.CharField(
        required=False, max_length=200, help_text="Up to 5, separated by commas."
    )
    is_question = forms.BooleanField(
        required=False, label="This is a question (one reply can be accepted as the answer)"
    )

    def tag_names(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]


class ReplyForm(Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        help_text="Markdown; mention a member with @handle.",
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(Form):
    title = forms.CharField(max_length=150, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000)
    reason = forms.CharField(max_length=200, required=False, label="What changed (optional)")


class FlagForm(Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(max_length=300, required=False, label="Note for moderators")


class ReasonForm(Form):
    reason = forms.CharField(max_length=200, label="Reason (shown in the moderation log)")


class EditOutForm(Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000)
    reason = forms.CharField(max_length=200, label="Reason (shown in the moderation log)")


class MemberActionForm(Form):
    action = forms.ChoiceField(
        choices=[("suspend", "Suspend"), ("remove", "Remove"), ("reinstate", "Reinstate")]
    )
    reason = forms.CharField(max_length=200, label="Reason (shown in the moderation log)")


class SearchForm(Form):
    q = forms.CharField(label="Search", max_length=200, required=False)
    # By slug, so a search's address reads /network/search/?q=knee&category=spine.
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(),
        required=False,
        empty_label="Any category",
        to_field_name="slug",
    )
    tag = forms.CharField(max_length=40, required=False)
    author = forms.CharField(max_length=40, required=False, label="Author (@handle)")
    answered = forms.ChoiceField(
        required=False,
        choices=[("", "Answered or not"), ("yes", "Answered"), ("no", "Not answered")],
    )


class AppointForm(forms.Form):
    handle = forms.CharField(max_length=41, label="Member to appoint (@handle)")
    reason = forms.CharField(
        max_length=200, required=False, label="Reason (shown in the moderation log)"
    )

    def clean_handle(self) -> str:
        return str(self.cleaned_data["handle"]).strip().lstrip("@").lower()


class UnappointForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=200,
        label="Reason (shown in the moderation log)",
        error_messages={"required": "Say why (members see this in the moderation log)."},
    )
