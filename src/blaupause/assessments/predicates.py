"""Predicates of the self-check: accept a municipality or an assessment."""

import rules

from blaupause.accounts.predicates import is_cdo_of, is_member_of, is_regional_admin_for


def _municipality(obj):
    if obj is None:
        return None
    if obj._meta.label == "regions.Municipality":
        return obj
    return getattr(obj, "municipality", None)


@rules.predicate
def is_cdo_of_municipality(user, obj) -> bool:
    return is_cdo_of.test(user, _municipality(obj))


@rules.predicate
def is_member_of_municipality(user, obj) -> bool:
    return is_member_of.test(user, _municipality(obj))


@rules.predicate
def is_regional_admin_of_municipality(user, obj) -> bool:
    return is_regional_admin_for.test(user, _municipality(obj))
