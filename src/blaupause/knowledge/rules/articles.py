"""Object permissions of knowledge articles.

- View: published public articles for everyone; published "members" articles for logged-in
  role holders of the article's region; drafts only for the author, the CDOs of the author
  municipality and the regional admins of the article's region.
- Change and publish: the author, CDOs of the author municipality, regional admins.
- Add: anyone with a role in a municipality, and regional admins.
- Adopt a best practice: the object is the municipality that adopts; its CDOs only.
"""

from __future__ import annotations

import rules

from blaupause.accounts.predicates import is_cdo_of

from ..constants import ArticleStatus, Visibility


def _roles(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.roles


def viewer_region_ids(user) -> frozenset[int]:
    """The regions a person holds any role in (cached on the user: at most two queries)."""
    cached = getattr(user, "_knowledge_region_ids", None)
    if cached is not None:
        return cached
    roles = _roles(user)
    if roles is None:
        return frozenset()
    from blaupause.regions.models import Municipality, Network

    ids = set(roles.regional_admin_region_ids)
    if roles.member_municipality_ids:
        ids.update(
            Municipality.objects.filter(pk__in=roles.member_municipality_ids)
            .exclude(district__region_id=None)
            .values_list("district__region_id", flat=True)
        )
    if roles.coordinated_network_ids:
        ids.update(
            Network.objects.filter(pk__in=roles.coordinated_network_ids)
            .exclude(region_id=None)
            .values_list("region_id", flat=True)
        )
    result = frozenset(ids)
    user._knowledge_region_ids = result
    return result


def has_role(user) -> bool:
    roles = _roles(user)
    return bool(
        roles
        and (
            roles.is_regional_admin
            or roles.coordinated_network_ids
            or roles.member_municipality_ids
        )
    )


@rules.predicate
def is_published(user, article) -> bool:
    return article is not None and article.status == ArticleStatus.PUBLISHED


@rules.predicate
def is_public(user, article) -> bool:
    return article is not None and article.visibility == Visibility.PUBLIC


@rules.predicate
def is_region_member(user, article) -> bool:
    """Any role in the article's region (any role at all for an article without a region)."""
    if not has_role(user):
        return False
    if article.region_id is None:
        return True
    if getattr(user, "is_superuser", False):
        return True
    return article.region_id in viewer_region_ids(user)


@rules.predicate
def is_author(user, article) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and article is not None
        and article.author_id == user.pk
    )


@rules.predicate
def is_article_region_admin(user, article) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = user.roles
    return bool(article is not None and article.region_id in roles.regional_admin_region_ids)


@rules.predicate
def may_write_articles(user) -> bool:
    roles = _roles(user)
    if roles is None:
        return False
    return bool(roles.member_municipality_ids or roles.is_regional_admin or user.is_superuser)


can_change_article = is_author | is_cdo_of | is_article_region_admin
can_view_article = (is_published & (is_public | is_region_member)) | can_change_article

rules.add_perm("knowledge.view_article", can_view_article)
rules.add_perm("knowledge.change_article", can_change_article)
rules.add_perm("knowledge.publish_article", can_change_article)
rules.add_perm("knowledge.add_article", may_write_articles)
# The object is the adopting municipality.
rules.add_perm("knowledge.adopt_best_practice", is_cdo_of)
