"""The citizen home's service tiles, in the spirit of the C-Thái Nguyên app.

A tile whose page exists links to it; the others are listed as coming, so the home never shows a
link to nothing. Later capabilities only add their URL name here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tinhso.core.links import reverse_or_none


@dataclass(frozen=True)
class Tile:
    key: str
    label: str | Promise
    hint: str | Promise
    url_name: str
    icon: str  # name of an inline SVG symbol in templates/icons.html

    @property
    def url(self) -> str | None:
        return reverse_or_none(self.url_name)


TILES = [
    Tile(
        "services",
        _("Online public services"),
        _("Find a procedure and submit from your phone"),
        "portal:procedures",
        "file",
    ),
    Tile(
        "lookup", _("Look up a dossier"), _("Follow a dossier by its code"), "portal:dossier_lookup", "search"
    ),
    Tile("my-dossiers", _("My dossiers"), _("Everything you have submitted"), "portal:my_dossiers", "folder"),
    Tile(
        "inbox",
        _("Notifications"),
        _("News about your dossiers and your account"),
        "portal:inbox",
        "bell",
    ),
    Tile("payments", _("Pay fees"), _("Pay by bank QR code"), "portal:payments", "qr"),
    Tile(
        "datastore",
        _("My data store"),
        _("Your digitised papers and electronic results"),
        "portal:datastore",
        "folder",
    ),
    Tile(
        "feedback",
        _("Feedback and petitions"),
        _("Tell the authorities what needs fixing"),
        "portal:feedback",
        "chat",
    ),
    Tile("market", _("OCOP market"), _("Thái Nguyên tea and local products"), "portal:market", "shop"),
    Tile(
        "agencies", _("Agencies"), _("Who does what, and where to find them"), "portal:agencies", "building"
    ),
    Tile("units", _("Communes and wards"), _("Communes and wards of the province"), "portal:units", "map"),
    Tile("account", _("My account"), _("Your details and settings"), "portal:account", "user"),
]


def tiles() -> tuple[list[tuple[Tile, str]], list[Tile]]:
    available: list[tuple[Tile, str]] = []
    coming: list[Tile] = []
    for tile in TILES:
        url = tile.url
        if url is None:
            coming.append(tile)
        else:
            available.append((tile, url))
    return available, coming
