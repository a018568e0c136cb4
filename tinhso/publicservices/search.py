"""Finding a procedure the way people type: with or without diacritics, with slips, with everyday words.

The stored `search_text` is lower-case without diacritics; PostgreSQL's pg_trgm scores similarity, so
"dang ky khai sinh", "đăng kí khai sinh" and "khai sinh" all put "Đăng ký khai sinh" first."""

from __future__ import annotations

import re

from django.db.models import F, Field, FloatField, Lookup, Q, QuerySet, Value
from django.db.models.expressions import Func
from django.db.models.functions import Greatest

from tinhso.core.vietnamese import strip_diacritics


def normalise(text: str) -> str:
    text = strip_diacritics(text or "").lower()
    # "ký" and "kí" are both written; keep one spelling in the index and in queries
    text = re.sub(r"\bki\b", "ky", text)
    return " ".join(re.sub(r"[^\w\s.]", " ", text).split())


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


class Similarity(Func):
    function = "similarity"
    output_field = FloatField()


def expansions(query: str, synonyms: dict[str, str]) -> list[str]:
    """The query itself, then the official words for every everyday word it contains."""
    text = normalise(query)
    found = [text] if text else []
    for term, means in synonyms.items():
        t = normalise(term)
        if t and re.search(rf"\b{re.escape(t)}\b", text):
            found.append(normalise(means))
    return found


@Field.register_lookup
class WordSimilarTo(Lookup):
    """`field__word_similar_to=q` → `q <% field`: true when q's words are similar to some part of the field
    (pg_trgm.word_similarity_threshold, 0.45 for our connections); answered by the GIN trigram index."""

    lookup_name = "word_similar_to"

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{rhs} <%% {lhs}", [*rhs_params, *lhs_params]


def ranked(queryset: QuerySet, query: str, synonyms: dict[str, str]) -> QuerySet:
    """Best word match first (typing slips tolerated), then the closest whole name (the plain procedure
    before the combined ones that contain it)."""
    texts = expansions(query, synonyms)
    if not texts:
        return queryset
    scores = [WordSimilarity(Value(t), F("search_text")) for t in texts]
    score = scores[0] if len(scores) == 1 else Greatest(*scores)
    candidates = Q()
    for text in texts:
        candidates |= Q(search_text__word_similar_to=text)
    return (
        queryset.filter(candidates)
        .annotate(score=score, closeness=Similarity(Value(texts[0]), F("search_text")))
        .order_by("-score", "-closeness", "sort_key")
    )
