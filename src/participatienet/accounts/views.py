from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participatienet.accounts import audit, policy, scope, services
from participatienet.accounts.forms import (
    AuditFilterForm,
    LoginForm,
    MembershipForm,
    ScopeSwitchForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from participatienet.accounts.models import AuditEntry, Membership, User
from participatienet.paging import paginate


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        services.register_login(user=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action="user.password_changed", obj=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "profile.view")
    memberships = (
        policy.visible(request.user, Membership.objects.filter(user=request.user))
        .select_related("region", "organisation__region")
        .order_by("ended_at", "role")
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})


@login_required
@require_POST
def switch_scope(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "scope.switch")
    regions = scope.switchable_regions(request.user)
    form = ScopeSwitchForm(request.POST, regions=regions)
    if form.is_valid():
        region = form.cleaned_data["region"]
        grants = policy.grants_for(request.user)
        if region is None and not (grants.programme_admin or grants.programme_viewer):
            messages.error(request, _("Choose one of your regions."))
        else:
            scope.switch(request, region)
            messages.success(
                request,
                _("You now work in %(scope)s.")
                % {"scope": region.name if region else _("the whole programme")},
            )
    else:
        messages.error(request, _("You cannot work in that region."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return redirect(target)


# --- Users and memberships (programme admins) ---------------------------------------------------


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "user.manage")
    form = UserFilterForm(request.GET or None)
    users = policy.visible(request.user, User.objects.all())
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            users = users.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
        current = Membership.objects.current()
        role = form.cleaned_data["role"]
        if role == "none":
            users = users.exclude(pk__in=current.values("user_id"))
        elif role:
            users = users.filter(pk__in=current.filter(role=role).values("user_id"))
        if region := form.cleaned_data["region"]:
            users = users.filter(pk__in=current.filter(region=region).values("user_id"))
    users = users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("region", "organisation"),
            to_attr="current_memberships",
        )
    ).order_by("full_name", "email")
    return render(request, "accounts/user_list.html", {"form": form, **paginate(request, users)})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "user.manage")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = services.create_user(actor=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("User %(name)s created. Now give them a role.") % {"name": user.full_name},
            )
            return redirect("accounts:membership_add", pk=user.pk)
        return render(request, "accounts/user_form.html", {"form": form}, status=400)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "user.manage")
    user = policy.get_visible_or_404(request.user, User.objects.all(), pk=pk)
    form = UserEditForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            services.update_user(actor=request.user, user=user, **form.cleaned_data)
            messages.success(request, _("The changes have been saved."))
            return redirect(user)
        status = 400
    else:
        audit.record(
            actor=request.user, action="user.viewed", obj=user, fields=["email", "full_name"]
        )
        status = 200
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("region", "organisation__region", "created_by")
        .order_by("ended_at", "role")
    )
    return render(
        request,
        "accounts/user_detail.html",
        {"subject": user, "form": form, "memberships": memberships},
        status=status,
    )


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "membership.manage")
    user = policy.get_visible_or_404(request.user, User.objects.all(), pk=pk)
    if request.method == "POST" and "show_organisations" not in request.POST:
        form = MembershipForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.add_membership(actor=request.user, user=user, **form.cleaned_data)
            except services.MembershipError:
                form.add_error(None, _("This user already has this role at this scope."))
            else:
                messages.success(request, _("The role has been added."))
                return redirect(user)
        return render(
            request, "accounts/membership_form.html", {"form": form, "subject": user}, status=400
        )
    # First visit, or the region changed: show the organisations of the chosen region.
    chosen = request.POST if request.method == "POST" else request.GET
    form = MembershipForm(
        user=user, initial={"role": chosen.get("role"), "region": chosen.get("region") or None}
    )
    return render(request, "accounts/membership_form.html", {"form": form, "subject": user})


@login_required
@require_POST
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    policy.require(request.user, "membership.manage")
    user = policy.get_visible_or_404(request.user, User.objects.all(), pk=pk)
    membership = policy.get_visible_or_404(
        request.user, Membership.objects.filter(user=user), pk=membership_pk
    )
    try:
        services.end_membership(actor=request.user, membership=membership)
    except services.LastAdminError:
        messages.error(
            request,
            _("This is the last programme admin. Give someone else that role first."),
        )
    else:
        messages.success(request, _("The role has been ended. It stays in the history."))
    return redirect(user)


# --- Audit log ---------------------------------------------------------------------------------


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "audit.view")
    form = AuditFilterForm(request.GET or None)
    entries = policy.visible(request.user, AuditEntry.objects.all())
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_valid():
        data = form.cleaned_data
        if actor := data["actor"].strip():
            entries = entries.filter(actor_label__icontains=actor)
        if action := data["action"].strip():
            entries = entries.filter(action__icontains=action)
        if object_type := data["object_type"].strip():
            entries = entries.filter(object_type__icontains=object_type)
        zone = timezone.get_current_timezone()
        if data["date_from"]:
            entries = entries.filter(at__gte=datetime.combine(data["date_from"], time.min, zone))
        if data["date_to"]:
            entries = entries.filter(at__lte=datetime.combine(data["date_to"], time.max, zone))
    context = {"form": form, **paginate(request, entries.order_by("-at", "-pk"), 50)}
    return render(request, "accounts/audit_list.html", context, status=status)
