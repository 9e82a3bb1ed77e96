"""The table of expected access: every route and API operation × role × read/write.

How to read an entry: ``r(GET, POST)`` holds one letter per role, in the order of `ROLES`:

    anonymous · contributor (of A) · cdo (of A) · cdo_other (CDO of B) · coordinator (of N) ·
    regional_admin (of the region)

    o  ok: 2xx, 304, or a redirect that is not the login page
    l  login: a redirect to the login (or second-factor) page (API: 401)
    d  denied: 403 or 404 (objects one may not see are not shown)
    n  not allowed: 405, the route does not accept the method
    i  invalid: 400/409/422, the role may act but the empty or minimal body is refused

Every request goes to an object of municipality A or of network N (A is a member, B is not);
`conftest.build_world` builds them. A POST sends an empty body (or `BODIES[body]`); a POST
expected to be anything but ``o``, and any POST of the anonymous visitor, must leave the
database unchanged. A 500 always fails.

Adding a route is one line in `ROUTES`. The URL arguments come from `APP_KWARGS` (per app
namespace, by argument name); give ``kw_name="world_key"`` only where the app default does not
fit. See docs/access-matrix.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("anonymous", "contributor", "cdo", "cdo_other", "coordinator", "regional_admin")
OUTCOMES = {
    "o": "ok",
    "l": "login",
    "d": "denied",
    "n": "not allowed",
    "i": "invalid input",
    "x": "unexpected status",
}


@dataclass(frozen=True)
class Entry:
    get: str
    post: str
    kwargs: dict = field(default_factory=dict)
    body: str = ""
    side_effects: tuple = ()
    query: dict = field(default_factory=dict)

    def __post_init__(self):
        for codes in (self.get, self.post):
            assert len(codes) == len(ROLES), codes
            assert set(codes) <= set(OUTCOMES), codes


def r(
    get: str,
    post: str = "nnnnnn",
    *,
    body: str = "",
    side_effects: tuple = (),
    query: dict | None = None,
    **kwargs: str,
) -> Entry:
    """One route: expected letters for GET and POST; kwargs name world values (see conftest).

    `side_effects` names tables (``"app.Model"``) a refused POST may still touch, each with the
    reason in a comment next to the entry; anything else it changes fails the test.
    `body` names minimal valid form data in `BODIES`, for views that validate the form before
    they check the permission (an empty form would only show that input is missing).
    `query` adds query parameters, ``{"param": "world_key"}``.
    """
    return Entry(
        get=get, post=post, kwargs=kwargs, body=body, side_effects=side_effects, query=query or {}
    )


def a(codes: str, *, body: str = "", **kwargs: str) -> Entry:
    """One API operation: expected letters for the operation's own method."""
    return Entry(get=codes, post=NO_POST, kwargs=kwargs, body=body)


#: Request bodies for API writes, built from the world.
BODIES = {
    "commitment_create": lambda w: {
        "measure": str(w["free_measure_uuid"]),
        "municipality": w["ags"],
    },
    "commitment_update": lambda w: {"version": w["commitment_version"], "progress": 50},
    "comment_reply": lambda w: {"text": "Danke für den Hinweis."},
    "comment_outcome": lambda w: {
        "outcome": "adopted",
        "outcome_reply": "Übernommen.",
        "version": 1,
    },
    "comment_report": lambda w: {"reason": "Unsachlich."},
    "comment_hide": lambda w: {"hidden_reason": "Unsachlich."},
}


#: A facilitator or admin who acts on a board is added as a participant first, also when the
#: action is then refused (e.g. voting outside the voting step). Reported as a finding.
JOINS_BOARD = ("workshops.Participant",)

# Frequent rows (one letter per role, see above).
PUBLIC = "oooooo"  # everyone, also without an account
SIGNED_IN = "looooo"  # any signed-in person
NO_POST = "nnnnnn"  # the route does not accept the method
CDO_A = "ldoddo"  # the CDO of the municipality, and the region's admin
COORDINATION = "ldddoo"  # the network's coordination, and the region's admin
REGION_ADMIN = "lddddo"  # the region's admin only
BOARD = "ddddoo"  # a workshop or event run by the coordination (404 for everyone else)
# Joint project of A with B invited: change (lead's CDO, coordination, region), work on it
# (accepted partners too), see its internals (invited partners too); a non-public project
# of A alone shows to nobody else.
PROJECT_CHANGE = "ddodoo"
PROJECT_WORK = "doodoo"
PROJECT_INSIDERS = "dooooo"
PROJECT_PRIVATE = "doodoo"
# Article by A's contributor: its author, A's CDO and the region's admin change it.
ARTICLE_CHANGE = "looddo"
ARTICLE_CHANGE_D = "dooddo"  # the same, and 404 for everyone else (drafts)

#: Routes not in the matrix, by URL prefix, each with the reason.
EXCLUDED_PREFIXES = {
    "verwaltung/django/": "Django's admin site: staff only, guarded by Django's own permissions.",
    "konto/": "allauth's login, e-mail, password and MFA pages: maintained and tested upstream; "
    "they show only the signed-in person's own account.",
    "i18n/": "Django's language switch: stores the chosen language, shows no data.",
}
#: API operations are checked one by one in `API` (from the OpenAPI schema), not as URLs.
API_PREFIX = "api/v1/"

#: URL argument → world key, per URL namespace ("" for routes without namespace).
GLOBAL_KWARGS = {
    "ags": "ags",
    "year": "year",
    "number": "version_number",
    "history_id": "history_id",
    "measure_uuid": "measure_uuid",
    "evidence_uuid": "evidence_uuid",
    "group_uuid": "group_uuid",
    "item_uuid": "agenda_uuid",
    "decision_uuid": "decision_uuid",
    "card_uuid": "card_uuid",
    "cluster_uuid": "cluster_uuid",
    "build_uuid": "build_uuid",
    "secret": "unknown_secret",
    "token": "unknown_secret",
}
APP_KWARGS = {
    "accounts": {"slug": "network_slug", "pk": "contributor_pk"},
    "regions": {"slug": "network_slug"},
    "strategies": {
        "slug": "strategy_slug",
        "kind": "measure_kind",
        "uuid": "measure_uuid",
        "key": "measure_key",
    },
    "commitments": {"slug": "network_slug"},
    "assessments": {"slug": "network_slug"},
    "transfer": {"slug": "strategy_slug", "key": "measure_key"},
    "events": {"uuid": "event_uuid", "slug": "network_slug"},
    "workshops": {"slug": "workshop_strategy_slug", "uuid": "workshop_uuid"},
    "consultation": {"slug": "consultation_slug", "uuid": "comment_uuid"},
    "notifications": {"pk": "notification_pk", "key": "follow_key"},
    "reports": {"slug": "strategy_slug"},
    "opendata": {"key": "dataset_key", "fmt": "dataset_format"},
    "core": {"kind": "legal_kind", "model_label": "trash_label", "uuid": "trash_uuid"},
    "api": {},
    "collaboration": {
        "uuid": "project_uuid",
        "partner_uuid": "partner_uuid",
        "package_uuid": "package_uuid",
        "milestone_uuid": "milestone_uuid",
        "document_uuid": "document_uuid",
    },
    "knowledge": {"slug": "article_slug", "uuid": "attachment_uuid"},
}

ROUTES: dict[str, Entry] = {
    "healthz": r(PUBLIC, PUBLIC),
    # api
    "api:openapi-json": r(PUBLIC, PUBLIC),
    "api:openapi-view": r(PUBLIC, PUBLIC),
    "api:api-root": r("dddddd", "dddddd"),
    # accounts
    "accounts:dashboard": r(SIGNED_IN, SIGNED_IN),
    "accounts:api_tokens": r(SIGNED_IN, SIGNED_IN),
    "accounts:api_token_revoke": r("lnnnnn", "ldoddd", uuid="api_token_uuid"),
    "accounts:municipality_team": r(CDO_A, CDO_A),
    "accounts:network_team": r(COORDINATION, COORDINATION),
    "accounts:region_team": r(REGION_ADMIN, REGION_ADMIN, slug="region_slug"),
    "accounts:membership_remove": r(CDO_A, CDO_A, uuid="membership_uuid"),
    "accounts:invitation_revoke": r("lnnnnn", CDO_A, uuid="invitation_uuid"),
    "accounts:invitation_accept": r("dddddd", "dddddd"),
    "accounts:audit_log": r(REGION_ADMIN, REGION_ADMIN),
    "accounts:my_data": r(SIGNED_IN, SIGNED_IN),
    "accounts:erase_account": r(SIGNED_IN, SIGNED_IN),
    "accounts:admin_privacy": r(REGION_ADMIN, REGION_ADMIN),
    "accounts:admin_export": r("lnnnnn", REGION_ADMIN),
    "accounts:admin_erase": r("lnnnnn", "lddddi"),
    # regions
    "regions:home": r(PUBLIC, PUBLIC),
    "regions:region_detail": r(PUBLIC, PUBLIC, slug="region_slug"),
    "regions:district_detail": r(PUBLIC, PUBLIC, slug="district_slug"),
    "regions:municipality_list": r(PUBLIC, PUBLIC),
    "regions:municipality_detail": r(PUBLIC, PUBLIC),
    "regions:municipality_edit": r(CDO_A, CDO_A),
    "regions:network_list": r(PUBLIC, PUBLIC),
    "regions:network_detail": r(PUBLIC, PUBLIC),
    "regions:network_edit": r(COORDINATION, COORDINATION),
    "regions:network_governance": r(PUBLIC, PUBLIC),
    "regions:network_governance_edit": r(COORDINATION, COORDINATION),
    "regions:network_mandate_upload": r("lnnnnn", "ldddii"),
    "regions:network_mandate_remove": r("lnnnnn", COORDINATION),
    "regions:network_mandate_download": r("dddddd", "dddddd"),
    "regions:working_group_create": r(COORDINATION, COORDINATION),
    "regions:working_group_edit": r(COORDINATION, COORDINATION),
    "regions:working_group_end": r("lnnnnn", COORDINATION),
    "regions:working_group_delete": r("lnnnnn", COORDINATION),
    # strategies
    "strategies:strategy_list": r(PUBLIC, PUBLIC),
    "strategies:strategy_create": r("ldoooo", "ldoooo"),
    "strategies:strategy_detail": r(PUBLIC, PUBLIC),
    "strategies:strategy_edit": r(COORDINATION, COORDINATION),
    "strategies:strategy_status": r(COORDINATION, COORDINATION),
    "strategies:strategy_publish": r(COORDINATION, COORDINATION),
    "strategies:strategy_history": r(PUBLIC, PUBLIC),
    "strategies:version_list": r(PUBLIC, PUBLIC),
    "strategies:version_compare": r(PUBLIC, PUBLIC),
    "strategies:version_detail": r(PUBLIC, PUBLIC),
    "strategies:item_add": r(COORDINATION, COORDINATION),
    "strategies:measure_detail": r(PUBLIC, PUBLIC),
    "strategies:item_edit": r(COORDINATION, COORDINATION),
    "strategies:item_delete": r(COORDINATION, COORDINATION),
    "strategies:item_restore": r(NO_POST, COORDINATION),
    "strategies:item_history": r(PUBLIC, PUBLIC),
    "strategies:item_history_restore": r(NO_POST, COORDINATION),
    # commitments
    "commitments:municipality_dashboard": r(PUBLIC, PUBLIC),
    "commitments:bulk_edit": r(CDO_A, CDO_A),
    "commitments:commitment_edit": r(CDO_A, CDO_A),
    "commitments:bulk_row": r(CDO_A, CDO_A),
    "commitments:commitment_delete": r(CDO_A, "ldiddi"),
    # Evidence of the non-public commitment: only A's members and the region's admin.
    "commitments:evidence_download": r("dooddo", "dooddo", evidence_uuid="private_evidence_uuid"),
    "commitments:evidence_delete": r("lnnnnn", CDO_A),
    "commitments:network_dashboard": r(PUBLIC, PUBLIC),
    # assessments
    "assessments:overview": r("looddo", CDO_A),
    "assessments:form": r("looddo", "ldiddi"),
    "assessments:results": r("looddo", "looddo"),
    "assessments:reopen": r(REGION_ADMIN, "lddddi", year="submitted_year"),
    "assessments:region_overview": r(REGION_ADMIN, REGION_ADMIN, slug="region_slug"),
    "assessments:network_overview": r(COORDINATION, COORDINATION),
    # transfer
    "transfer:adopt": r(COORDINATION, COORDINATION, slug="network_slug"),
    "transfer:changes": r("dddddd", "dddddd"),
    "transfer:sync": r("lddddd", "lddddd"),
    "transfer:sync_done": r(NO_POST, "lddddd"),
    "transfer:analysis": r(PUBLIC, PUBLIC),
    "transfer:analysis_measure": r(PUBLIC, PUBLIC),
    "transfer:export_version": r(PUBLIC),
    "transfer:schema": r(PUBLIC),
    "transfer:import": r(COORDINATION, "ldddii"),
    "transfer:import_confirm": r("lnnnnn", COORDINATION),
    "transfer:network_guide": r("loodoo", "loodoo", slug="network_slug"),
    "transfer:municipality_guide": r("looddo", "looddo"),
    "transfer:region_guide": r(REGION_ADMIN, REGION_ADMIN, slug="region_slug"),
    # events
    "events:calendar": r(PUBLIC, PUBLIC),
    "events:calendar_month": r(PUBLIC, PUBLIC, year="calendar_year", month="calendar_month"),
    "events:event_create": r(COORDINATION, COORDINATION, query={"netzwerk": "network_slug"}),
    "events:event_detail": r("doodoo", "doodoo"),
    "events:event_edit": r(BOARD, BOARD),
    "events:event_cancel": r(BOARD, BOARD),
    "events:event_agenda": r(BOARD, BOARD),
    "events:event_agenda_remove": r(NO_POST, BOARD),
    "events:event_register": r(NO_POST, "loodoo"),
    "events:event_unregister": r(NO_POST, "loodoo"),
    "events:event_attendance": r(BOARD, BOARD),
    "events:event_attendance_csv": r(BOARD, BOARD),
    "events:event_attendance_xlsx": r(BOARD, BOARD),
    "events:event_ics": r("doodoo", NO_POST),
    "events:network_ics": r(PUBLIC),
    "events:private_ics": r("dddddd", NO_POST),
    "events:calendar_feed": r(SIGNED_IN, SIGNED_IN),
    "events:minutes": r(COORDINATION, COORDINATION),
    "events:decision_add": r(COORDINATION, "ldddii"),
    "events:decision_remove": r("lnnnnn", COORDINATION),
    # workshops
    "workshops:workshop_list": r(COORDINATION, COORDINATION),
    "workshops:workshop_create": r(COORDINATION, COORDINATION),
    "workshops:join": r("diiiii", "diiiii"),
    "workshops:workshop_settings": r(BOARD, "ddddii"),
    "workshops:participants": r(BOARD, "ddddii", side_effects=JOINS_BOARD),
    "workshops:workshop_detail": r(BOARD),
    "workshops:projector": r(BOARD),
    "workshops:live": r(BOARD),
    "workshops:step_set": r(NO_POST, BOARD),
    "workshops:card_add": r(NO_POST, "ddddii", side_effects=JOINS_BOARD),
    "workshops:card_edit": r(BOARD, "ddddii", side_effects=JOINS_BOARD),
    "workshops:card_delete": r(NO_POST, BOARD),
    "workshops:card_move": r(NO_POST, BOARD),
    "workshops:cluster_add": r(NO_POST, "ddddii", side_effects=JOINS_BOARD),
    "workshops:cluster_rename": r(NO_POST, BOARD),
    "workshops:cluster_delete": r(NO_POST, BOARD),
    "workshops:vote": r(NO_POST, "dddddd", side_effects=JOINS_BOARD),
    "workshops:rate": r(NO_POST, BOARD),
    "workshops:promote": r("dddddd", "dddddd", side_effects=JOINS_BOARD),
    "workshops:result_markdown": r(BOARD, BOARD),
    "workshops:result_pdf": r(BOARD, BOARD),
    # consultation
    "consultation:page": r(PUBLIC),
    "consultation:open": r(COORDINATION, COORDINATION),
    "consultation:close": r(NO_POST, COORDINATION),
    "consultation:comment_create": r(NO_POST, "liidii"),
    "consultation:report": r(PUBLIC),
    "consultation:report_markdown": r(PUBLIC),
    "consultation:report_pdf": r(PUBLIC),
    "consultation:moderation": r(COORDINATION),
    "consultation:reply": r(NO_POST, "loodoo", body="comment_reply"),
    "consultation:outcome": r(NO_POST, COORDINATION, body="comment_outcome"),
    "consultation:report_comment": r(NO_POST, "loodoo", body="comment_report"),
    "consultation:hide": r(NO_POST, COORDINATION, body="comment_hide"),
    "consultation:restore": r(NO_POST, COORDINATION),
    # notifications
    "notifications:list": r(SIGNED_IN, SIGNED_IN),
    "notifications:mark_all_read": r("lnnnnn", SIGNED_IN),
    "notifications:open": r("ldoddd", "ldoddd"),
    "notifications:settings": r(SIGNED_IN, SIGNED_IN),
    "notifications:follows": r(SIGNED_IN, SIGNED_IN),
    "notifications:follow_end": r("lnnnnn", "ldoddd", pk="follow_pk"),
    "notifications:follow": r(NO_POST, SIGNED_IN, pk="strategy_pk"),
    "notifications:unsubscribe": r("iiiiii", "iiiiii"),
    # reports
    "reports:strategy_report": r(PUBLIC, "iiiiii"),
    "reports:municipality_report": r(PUBLIC, "iiiiii"),
    "reports:district_report": r(PUBLIC, "iiiiii", slug="district_slug"),
    "reports:network_report": r(PUBLIC, "iiiiii", slug="network_slug"),
    "reports:build_detail": r("ddoddd", "ddoddd"),
    "reports:build_download": r("dddddd", "dddddd"),
    "reports:build_retry": r(NO_POST, "ddoddd"),
    "reports:strategy_presentation": r(PUBLIC, PUBLIC),
    "reports:strategy_presentation_pptx": r(PUBLIC, PUBLIC),
    # opendata
    "opendata:index": r(PUBLIC),
    "opendata:catalogue": r(PUBLIC),
    "opendata:download": r(PUBLIC),
    # core
    "core:legal": r(PUBLIC, PUBLIC),
    "core:legal_edit": r("dddddo", "dddddo"),
    "core:trash": r("dddddo", "dddddo"),
    "core:trash_restore": r(NO_POST, "dddddo"),
    # collaboration: joint projects. The project is public, led by A, with B invited: B's
    # members see the internals (invited partners do), only B's CDO answers the invitation,
    # and only accepted partners and those who may change the project work on it.
    "collaboration:project_list": r(PUBLIC, PUBLIC),
    "collaboration:project_create": r("ldoooo", "ldoooo"),
    "collaboration:project_detail": r(PUBLIC, PUBLIC),
    "collaboration:project_edit": r(PROJECT_CHANGE, PROJECT_CHANGE),
    "collaboration:project_agreement": r(NO_POST, PROJECT_CHANGE),
    "collaboration:project_commitments": r(NO_POST, PROJECT_INSIDERS),
    "collaboration:project_costs": r(PROJECT_CHANGE, PROJECT_CHANGE),
    "collaboration:partner_invite": r(PROJECT_CHANGE, PROJECT_CHANGE),
    "collaboration:partner_respond": r("dddodd", "dddodd"),
    "collaboration:work_package_create": r(PROJECT_WORK, PROJECT_WORK),
    "collaboration:work_package_edit": r(PROJECT_WORK, PROJECT_WORK),
    "collaboration:work_package_delete": r(NO_POST, PROJECT_WORK),
    "collaboration:milestone_create": r(PROJECT_WORK, PROJECT_WORK),
    "collaboration:milestone_edit": r(PROJECT_WORK, PROJECT_WORK),
    "collaboration:milestone_delete": r(NO_POST, PROJECT_WORK),
    "collaboration:document_upload": r(PROJECT_WORK, PROJECT_WORK),
    "collaboration:document_download": r(PROJECT_INSIDERS, PROJECT_INSIDERS),
    "collaboration:document_delete": r(NO_POST, PROJECT_WORK),
    # collaboration: procurement plans of A, seen by everyone with a role in the region.
    "collaboration:plan_list": r(SIGNED_IN, SIGNED_IN),
    "collaboration:plan_create": r("ldoodo", "ldoodo"),
    "collaboration:plan_detail": r(SIGNED_IN, SIGNED_IN, uuid="plan_uuid"),
    "collaboration:plan_edit": r(CDO_A, CDO_A, uuid="plan_uuid"),
    "collaboration:plan_delete": r(CDO_A, CDO_A, uuid="plan_uuid"),
    # collaboration: a synergy suggestion of A and C (B is not in it, nor in network N).
    "collaboration:suggestion_list": r(SIGNED_IN, SIGNED_IN),
    "collaboration:suggestion_detail": r("loodoo", "loodoo", uuid="suggestion_uuid"),
    "collaboration:suggestion_dismiss": r(CDO_A, CDO_A, uuid="suggestion_uuid"),
    "collaboration:suggestion_convert": r("ldoddd", "ldoddd", uuid="suggestion_uuid"),
    # knowledge: the article is a published public best practice written by A's contributor.
    "knowledge:search": r(PUBLIC, PUBLIC),
    "knowledge:article_list": r(PUBLIC, PUBLIC),
    "knowledge:article_create": r("looodo", "looodo"),
    "knowledge:article_detail": r(PUBLIC, PUBLIC),
    "knowledge:article_edit": r(ARTICLE_CHANGE, "liiddi"),
    "knowledge:article_history": r(PUBLIC, PUBLIC),
    "knowledge:article_publish": r(NO_POST, ARTICLE_CHANGE_D),
    "knowledge:attachment_add": r(PUBLIC, "diiddi"),
    "knowledge:attachment_download": r(PUBLIC, PUBLIC),
    "knowledge:attachment_delete": r(NO_POST, ARTICLE_CHANGE_D),
    "knowledge:best_practice_adopt": r(NO_POST, "ldiddd"),
    "knowledge:expert_finder": r(PUBLIC, PUBLIC),
    "knowledge:expert_consent": r(SIGNED_IN, SIGNED_IN),
    "knowledge:offer_list": r(PUBLIC, PUBLIC),
    "knowledge:offer_create": r(COORDINATION, COORDINATION),
    "knowledge:offer_detail": r(PUBLIC, PUBLIC, slug="offer_slug"),
    "knowledge:offer_edit": r(COORDINATION, COORDINATION, slug="offer_slug"),
    "knowledge:path_list": r(PUBLIC, PUBLIC),
    "knowledge:path_detail": r(PUBLIC, PUBLIC, slug="path_slug"),
    "knowledge:participation_record": r("ldoodo", "ldoodo"),
    "knowledge:competence_overview": r(COORDINATION, COORDINATION),
}

#: More objects behind routes of `ROUTES`: "<route name> [<what>]" → entry. Used where one
#: route shows objects of different visibility (non-public project, members-only or draft
#: article, unpublished offer).
VARIANTS: dict[str, Entry] = {
    "collaboration:project_detail [non-public]": r(
        PROJECT_PRIVATE, PROJECT_PRIVATE, uuid="private_project_uuid"
    ),
    "collaboration:project_edit [non-public]": r(
        PROJECT_CHANGE, PROJECT_CHANGE, uuid="private_project_uuid"
    ),
    "knowledge:article_detail [members]": r("dooooo", "dooooo", slug="members_article_slug"),
    "knowledge:article_history [members]": r("dooooo", "dooooo", slug="members_article_slug"),
    "knowledge:article_detail [draft]": r(
        ARTICLE_CHANGE_D, ARTICLE_CHANGE_D, slug="draft_article_slug"
    ),
    "knowledge:article_history [draft]": r(
        ARTICLE_CHANGE_D, ARTICLE_CHANGE_D, slug="draft_article_slug"
    ),
    "knowledge:article_edit [draft]": r(ARTICLE_CHANGE, "liiddi", slug="draft_article_slug"),
    "knowledge:attachment_download [draft]": r(
        ARTICLE_CHANGE_D, ARTICLE_CHANGE_D, uuid="draft_attachment_uuid"
    ),
    "knowledge:offer_detail [unpublished]": r("ddddoo", "ddddoo", slug="hidden_offer_slug"),
}

#: Pages that list objects: (route name, query, world key of a text that must show only to
#: some roles, roles that must not see it, roles that must see it).
LISTINGS = (
    (
        "collaboration:project_list",
        {},
        "private_project_title",
        ("anonymous", "cdo_other"),
        ("cdo", "coordinator", "regional_admin"),
    ),
    (
        "collaboration:project_detail",
        {},
        "project_secret",
        ("anonymous",),
        ("contributor", "cdo", "cdo_other"),
    ),
    (
        "collaboration:suggestion_list",
        {},
        "suggestion_title",
        ("cdo_other",),
        ("cdo", "coordinator", "regional_admin"),
    ),
    (
        "knowledge:article_list",
        {},
        "members_article_title",
        ("anonymous",),
        ("contributor", "cdo_other", "coordinator"),
    ),
    (
        "knowledge:article_list",
        {},
        "draft_article_title",
        ("anonymous", "cdo_other", "coordinator"),
        ("contributor", "cdo", "regional_admin"),
    ),
    (
        "knowledge:search",
        {"q": "Matrix"},
        "members_article_slug",
        ("anonymous",),
        ("contributor", "cdo_other"),
    ),
    (
        "knowledge:search",
        {"q": "Matrix"},
        "draft_article_slug",
        ("anonymous", "cdo_other"),
        (),  # the search finds published articles only, drafts not even for their author
    ),
    (
        "knowledge:search",
        {"q": "Matrix"},
        "private_project_uuid",
        ("anonymous", "cdo_other"),
        ("cdo",),
    ),
    (
        "knowledge:expert_finder",
        {"thema": "Matrixportal"},
        "expert_name",
        ("anonymous",),
        ("cdo_other",),
    ),
    (
        "knowledge:offer_list",
        {},
        "hidden_offer_title",
        ("anonymous", "cdo", "cdo_other"),
        ("regional_admin",),
    ),
    ("knowledge:path_detail", {}, "hidden_offer_title", ("anonymous", "cdo"), ("regional_admin",)),
)

#: API operations, "METHOD /api/v1/path/{arg}"; path arguments resolve like `APP_KWARGS`.
API_KWARGS = {
    "ags": "ags",
    "slug": "strategy_slug",
    "key": "measure_key",
    "uuid": "commitment_uuid",
}
API: dict[str, Entry] = {
    "GET /api/v1/benchmarks/": a(PUBLIC),
    "GET /api/v1/commitments/": a(PUBLIC),
    "GET /api/v1/commitments/{uuid}": a(PUBLIC),
    "GET /api/v1/districts/": a(PUBLIC),
    "GET /api/v1/districts/{ags}": a("dddddd"),
    "GET /api/v1/events/": a(PUBLIC),
    "GET /api/v1/events/{uuid}": a("dddddd"),
    "GET /api/v1/municipalities/": a(PUBLIC),
    "GET /api/v1/municipalities/{ags}": a(PUBLIC),
    "GET /api/v1/networks/": a(PUBLIC),
    "GET /api/v1/networks/{slug}": a("dddddd"),
    "GET /api/v1/strategies/": a(PUBLIC),
    "GET /api/v1/strategies/{slug}": a(PUBLIC),
    "GET /api/v1/strategies/{slug}/measures/{key}": a(PUBLIC),
    "GET /api/v1/strategies/{slug}/rollup": a(PUBLIC),
    # Detail of the restricted objects: the members-only article (any role in the region),
    # the unpublished learning offer (those who manage the region's offers) and the
    # non-public project (A's members, the coordination, the region's admin).
    "GET /api/v1/articles/": a(PUBLIC),
    "GET /api/v1/articles/{uuid}": a("dooooo", uuid="members_article_uuid"),
    "GET /api/v1/learning-offers/": a(PUBLIC),
    "GET /api/v1/learning-offers/{uuid}": a("ddddoo", uuid="hidden_offer_uuid"),
    "GET /api/v1/projects/": a(PUBLIC),
    "GET /api/v1/projects/{uuid}": a(PROJECT_PRIVATE, uuid="private_project_uuid"),
    "PATCH /api/v1/commitments/{uuid}": a(CDO_A, body="commitment_update"),
    "POST /api/v1/commitments/": a(CDO_A, body="commitment_create"),
}
