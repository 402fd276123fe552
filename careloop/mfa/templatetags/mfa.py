from __future__ import annotations

from typing import Any

from django import template

from careloop.mfa.forms import PracticeTwoFactorForm
from careloop.mfa.models import PracticeTwoFactorPolicy
from careloop.mfa.selectors import practice_enrolment_counts

register = template.Library()


@register.inclusion_tag("mfa/_practice_policy.html", takes_context=True)
def practice_two_factor_card(context: dict[str, Any]) -> dict[str, Any]:
    """The "require two-factor for everyone" setting, for the practice settings page."""
    practice = context["request"].practice
    policy = PracticeTwoFactorPolicy.objects.filter(practice=practice).first()
    enrolled, members = practice_enrolment_counts(practice)
    return {
        "form": PracticeTwoFactorForm(instance=policy),
        "enrolled": enrolled,
        "members": members,
        "csrf_token": context.get("csrf_token"),
    }
