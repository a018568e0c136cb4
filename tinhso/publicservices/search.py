"""Finding a procedure the way people type: with or without diacritics, with slips, with everyday words.

The stored `search_text` is lower-case without diacritics; PostgreSQL's pg_trgm scores similarity, so
"dang ky khai sinh", "đăng kí khai sinh" and "khai sinh" all put "Đăng ký khai sinh" first."""

from __future__ import annotations

import json
import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, transaction
from django.db.models import (
    Case,
    F,
    Field,
    FloatField,
    IntegerField,
    Lookup,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Func
from django.db.models.functions import Cast, Greatest, Length

from tinhso.core.vietnamese import strip_diacritics


def normalise(text: str) -> str:
    text = strip_diacritics(text or "").lower()
    # "ký" and "kí" are both written; keep one spelling in the index and in queries
    text = re.sub(r"\bki\b", "ky", text)
    return " ".join(re.sub(r"[^\w\s.]", " ", text).split())


# Nobody reads past the best few hundred matches; capping them keeps a common word as fast as a rare one.
MAX_RESULTS = 200


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


def expansions(query: str, synonyms: dict[str, str]) -> list[str]:
    """The query itself, then the official words for every everyday word it contains (a synonym may give
    several alternatives separated by ";")."""
    text = normalise(query)
    found = [text] if text else []
    for term, means in synonyms.items():
        t = normalise(term)
        if t and re.search(rf"\b{re.escape(t)}\b", text):
            # "thường trú; tạm trú": each alternative is searched on its own
            found.extend(normalise(m) for m in re.split(r"[;,]", means) if m.strip())
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


class Position(Func):
    """Position(positions_json, key) → the number the JSON object gives `key` (a lookup, not a scan)."""

    arg_joiner = "::jsonb ->> "
    template = "(%(expressions)s)::int"
    output_field = IntegerField()


@Field.register_lookup
class AnyOf(Lookup):
    """`field__any_of=[1, 2, 3]` → `field = ANY(%s)`: one array parameter, however long the list."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):  # type: ignore[no-untyped-def]
        return ("%s", [list(value)])

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def ranked_ids(queryset: QuerySet, texts: list[str]) -> list[int]:
    """The primary keys of the rows that match, best first: one query.

    Best word match first (typing slips tolerated), then the shortest text (the plain procedure before the
    combined ones that contain it), then Vietnamese order. pg_trgm declares its functions as cheap as `=`
    (COST 1) while each call takes some 10–25 µs, so for common words the planner prefers reading the
    whole table and scoring every row; sequential scans are switched off for this one statement so that
    the GIN trigram index picks the candidates, and `word_similarity` is computed only on those."""
    scores = [WordSimilarity(Value(t), F("search_text")) for t in texts]
    candidates = Q()
    for text in texts:
        candidates |= Q(search_text__word_similar_to=text)
    rows = (
        queryset.filter(candidates)
        .annotate(score=scores[0] if len(scores) == 1 else Greatest(*scores), length=Length("search_text"))
        .order_by("-score", "length", "sort_key")
        .values_list("pk", flat=True)[:MAX_RESULTS]
    )
    connection = connections[rows.db]
    nested = connection.in_atomic_block
    with transaction.atomic(using=rows.db), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        ids = list(rows)
        if nested:  # SET LOCAL lasts until the outer transaction ends
            cursor.execute("RESET enable_seqscan")
    return ids


def _tsquery(text: str, *, prefix_last: bool) -> str:
    words = [w for w in text.split() if w]
    terms = [f"'{w}'" for w in words]
    if terms and prefix_last:
        terms[-1] += ":*"  # "khai sin" finds "khai sinh" while the person is still typing
    return " & ".join(terms)


def word_ids(queryset: QuerySet, texts: list[str]) -> list[int]:
    """Rows containing every word of the query or of one of its expansions, through the full-text index:
    the query's own words first, then each synonym's alternatives in their order, the plain procedure
    (shortest name) first within each."""
    queries = [_tsquery(t, prefix_last=True) for t in texts if t.strip()]
    if not queries:
        return []
    vector = SearchVector("search_text", config="simple")
    matched_by = Case(
        *[
            When(Q(words=SearchQuery(q, search_type="raw", config="simple")), then=Value(i))
            for i, q in enumerate(queries)
        ],
        default=Value(len(queries)),
        output_field=IntegerField(),
    )
    rows = (
        queryset.annotate(words=vector)
        .filter(words=SearchQuery(" | ".join(f"({q})" for q in queries), search_type="raw", config="simple"))
        .annotate(matched_by=matched_by)
        .order_by("matched_by", Length("search_text"), "sort_key")
        .values_list("pk", flat=True)
    )
    return list(rows[:MAX_RESULTS])


def ranked(queryset: QuerySet, query: str, synonyms: dict[str, str]) -> QuerySet:
    """The rows matching `query` (and the official words of its everyday words), best first.

    The ranking runs once, here; the queryset returned selects those rows by primary key in that order,
    so counting and paging it (the page's paginator, the API's) costs no further similarity computation."""
    texts = expansions(query, synonyms)
    if not texts:
        return queryset
    ids = word_ids(queryset, texts) or ranked_ids(queryset, texts)
    position = Position(Value(json.dumps({str(pk): i for i, pk in enumerate(ids)})), Cast("pk", TextField()))
    return queryset.filter(pk__any_of=ids).order_by(position)
