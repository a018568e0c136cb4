"""Finding a procedure the way people type: with or without diacritics, with slips, with everyday words.

The stored `search_text` is lower-case without diacritics; PostgreSQL's pg_trgm scores similarity, so
"dang ky khai sinh", "đăng kí khai sinh" and "khai sinh" all put "Đăng ký khai sinh" first."""

from __future__ import annotations

import json
import re

from django.db import connections, transaction
from django.db.models import F, Field, FloatField, IntegerField, Lookup, Q, QuerySet, TextField, Value
from django.db.models.expressions import Func
from django.db.models.functions import Cast, Greatest, Length

from tinhso.core.vietnamese import strip_diacritics


def normalise(text: str) -> str:
    text = strip_diacritics(text or "").lower()
    # "ký" and "kí" are both written; keep one spelling in the index and in queries
    text = re.sub(r"\bki\b", "ky", text)
    return " ".join(re.sub(r"[^\w\s.]", " ", text).split())


class WordSimilarity(Func):
    function = "word_similarity"
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
        .values_list("pk", flat=True)
    )
    connection = connections[rows.db]
    nested = connection.in_atomic_block
    with transaction.atomic(using=rows.db), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        ids = list(rows)
        if nested:  # SET LOCAL lasts until the outer transaction ends
            cursor.execute("RESET enable_seqscan")
    return ids


def ranked(queryset: QuerySet, query: str, synonyms: dict[str, str]) -> QuerySet:
    """The rows matching `query` (and the official words of its everyday words), best first.

    The ranking runs once, here; the queryset returned selects those rows by primary key in that order,
    so counting and paging it (the page's paginator, the API's) costs no further similarity computation."""
    texts = expansions(query, synonyms)
    if not texts:
        return queryset
    ids = ranked_ids(queryset, texts)
    position = Position(Value(json.dumps({str(pk): i for i, pk in enumerate(ids)})), Cast("pk", TextField()))
    return queryset.filter(pk__any_of=ids).order_by(position)
