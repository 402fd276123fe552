"""Pages of the practice's exercise library: list, add, edit, load the standard library."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from careloop.accounts.access import practice_for_user, require_owner
from careloop.accounts.decorators import practice_view
from careloop.core.forms import add_service_errors
from careloop.training import exercise_library, selectors
from careloop.training.access import exercise_for_user
from careloop.training.forms import ExerciseFilterForm, ExerciseForm

EXERCISES_PER_PAGE = 50


@practice_view
@require_GET
def exercise_list(request: HttpRequest) -> HttpResponse:
    practice = practice_for_user(request.user)
    exercise_library.exercise_library_ensure(practice=practice)
    form = ExerciseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    exercises = selectors.exercise_search(
        practice,
        q=(filters.get("q") or "").strip(),
        body_area=filters.get("body_area") or "",
        category=filters.get("category") or "",
        include_inactive=bool(filters.get("inactive")),
    )
    page = Paginator(exercises, EXERCISES_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "training/exercise_list.html",
        {"form": form, "page": page, "querystring": params.urlencode()},
    )


@practice_view
def exercise_create(request: HttpRequest) -> HttpResponse:
    practice = practice_for_user(request.user)
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = exercise_library.exercise_create(
                practice=practice, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{exercise.name} added to the library.")
            return redirect("exercise_list")
    return render(request, "training/exercise_form.html", {"form": form, "exercise": None})


@practice_view
def exercise_edit(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = exercise_for_user(request.user, exercise_id)
    form = ExerciseForm(request.POST or None, instance=exercise)
    if request.method == "POST" and form.is_valid():
        try:
            exercise_library.exercise_update(
                exercise=exercise, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            state = "" if exercise.is_active else " (inactive: not offered for new programs)"
            messages.success(request, f"{exercise.name} saved{state}.")
            return redirect("exercise_list")
    return render(request, "training/exercise_form.html", {"form": form, "exercise": exercise})


@practice_view
@require_POST
def exercise_library_load(request: HttpRequest) -> HttpResponse:
    membership = require_owner(request.user)
    added = exercise_library.exercise_library_seed(practice=membership.practice, actor=request.user)
    if added:
        messages.success(request, f"Added {added} exercises from the standard library.")
    else:
        messages.info(request, "Your library already has every standard exercise.")
    return redirect("exercise_list")
