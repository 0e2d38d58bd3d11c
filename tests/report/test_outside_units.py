"""Unit tests for the fixes found by checking bundles unlike the sample (no PDF renders)."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.report import build_context
from workshop_planner.report.context import FieldVisitInfo, _unquote
from workshop_planner.report.drafting import (
    SummaryFacts,
    cities_by_country,
    continent,
    country_in_place,
    place_name,
    report_locale,
    summary_opening,
    unnamed_person,
)
from workshop_planner.report.fonts import (
    MISSING_GLYPHS_FAMILY,
    font_coverage,
    missing_characters,
    missing_glyphs_font,
)
from workshop_planner.report.render import fonts_dir
from workshop_planner.store import Workspace

EN = report_locale("en")


def test_plural_country_names_keep_the_article_after_a_city() -> None:
    assert place_name("Amsterdam", "NL", EN) == "Amsterdam, the Netherlands"
    assert place_name("Manila", "PH", EN) == "Manila, the Philippines"
    assert place_name("Paris", "FR", EN) == "Paris, France"
    assert place_name("Chicago", "US", EN) == "Chicago, United States"
    assert place_name(None, "NL", EN) == "The Netherlands"
    assert place_name("Berlin", None, EN) == "Berlin"
    assert place_name("", None, EN) == ""
    assert country_in_place("nl", EN) == "the Netherlands"
    assert country_in_place("NL", report_locale("de")) == "Niederlande"


def test_a_single_dutch_city_in_the_summary() -> None:
    facts = SummaryFacts(
        date_range="1 May 2024",
        convenor="Alliance",
        attendance=3,
        countries=("NL",),
        cities=(("Utrecht", "NL"), ("Paris", "FR")),
        venue_city="Utrecht",
        venue_country="NL",
    )
    text = summary_opening(facts, EN)
    assert "from Utrecht, the Netherlands; and Paris, France." in text
    assert "The event was held in Utrecht, the Netherlands." in text


def test_nobody_attending_names_the_event_not_representatives() -> None:
    facts = SummaryFacts(
        date_range="4 March 2025", convenor="Strong Cities Network", title="Minimal Meeting"
    )
    assert summary_opening(facts, EN) == (
        "On 4 March 2025, the Strong Cities Network convened “Minimal Meeting”."
    )
    untitled = SummaryFacts(date_range="4 March 2025", convenor="HateAid")
    assert summary_opening(untitled, EN) == "On 4 March 2025, HateAid convened this event."


def test_an_unnamed_person_reads_by_role_and_origin() -> None:
    assert unnamed_person("Deputy Mayor", "PL", EN) == "a Deputy Mayor from Poland"
    assert unnamed_person("Officer", "US", EN) == "an Officer from the United States"
    assert unnamed_person(None, None, EN) == "a participant"


def test_field_visit_attendees_without_consent_are_counted_not_named() -> None:
    def visit(names: tuple[str, ...], unnamed: int) -> FieldVisitInfo:
        return FieldVisitInfo("", "", "", "", "", 10, names, unnamed)

    assert visit(("Ada", "Bo"), 2).attendees_text == "Ada, Bo and 2 other participants"
    assert visit(("Ada",), 1).attendees_text == "Ada and 1 other participant"
    assert visit((), 1).attendees_text == "1 participant"
    assert visit(("Ada", "Bo", "Cy"), 0).attendees_text == "Ada, Bo and Cy"
    assert visit(("Ada",), 3).attendee_count == 4


def test_typed_quotation_marks_are_stripped_once() -> None:
    assert _unquote("“Nobody called.”") == "Nobody called."
    assert _unquote('"Plain quotes."') == "Plain quotes."
    assert _unquote("“A” and “B”") == "“A” and “B”"  # inner quotes: leave it alone
    assert _unquote("No quotes.") == "No quotes."


def test_characters_the_shipped_fonts_lack_get_a_font_of_their_own() -> None:
    covered = font_coverage(fonts_dir())
    for char in "Weißenfels Dąbrowa Górnicza Budavár Łódź Tromsø Kraków İstanbul “”–—…→✓€":
        assert ord(char) in covered, char
    assert missing_characters("Łódź ★ 中文 😀\u200d\ufe0f \u00a0", covered) == [
        "★",
        "中",
        "文",
        "😀",
    ]
    font = TTFont(io.BytesIO(missing_glyphs_font(["★", "中"])))
    cmap = font.getBestCmap()
    assert cmap[ord("★")] != cmap[ord("中")]  # each keeps its own glyph, so its own text
    assert ord(" ") in cmap  # spaces shaped with their neighbours do not go missing
    assert font["name"].getDebugName(1) == MISSING_GLYPHS_FAMILY


def test_many_countries_are_counted_in_words() -> None:
    codes = ("DE", "FR", "PL", "HU", "CA", "US", "GB", "NL", "IT")
    facts = SummaryFacts(
        date_range="1 May 2024", convenor="HateAid", attendance=63, countries=codes
    )
    assert "convened more than 60 representatives from nine countries." in summary_opening(
        facts, EN
    )
    many = SummaryFacts(
        date_range="1 May 2024",
        convenor="HateAid",
        attendance=60,
        countries=(*codes, "ES", "PT", "AT"),
    )
    assert "from 12 countries." in summary_opening(many, EN)


def test_sections_print_in_the_layout_order_whatever_the_settings_order(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event()
    with workspace.transaction() as db:
        db.add(m.ReportSettings(event_id=event.id, sections=["contacts", "themes", "summary"]))
    context = build_context(workspace, event.id)
    assert context.sections == ("summary", "themes", "contacts")


def test_typed_mentions_of_an_unconsenting_person_are_withheld(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event(description="Opened by zofia  KOWALSKA; Zofia Kowalskanowa spoke.")
    hidden = factory.person(full_name="Zofia Kowalska", consent_to_name=False)
    factory.participant(event, hidden)
    factory.note(event, kind="threat", text="Zofia Kowalska's office got letters.", featured=True)
    with workspace.transaction() as db:
        db.add(m.Contact(event_id=event.id, name="Zofia Kowalska", email="zk@example.org"))
    context = build_context(workspace, event.id)
    assert context.summary.description == (
        "Opened by [name withheld]; Zofia Kowalskanowa spoke."  # whole words only
    )
    assert context.threats.items == ("[name withheld]'s office got letters.",)
    assert context.contacts[0].name == "Zofia Kowalska"  # listed to be contacted


def test_continents_come_from_the_time_zone_areas() -> None:
    assert [continent(c) for c in ("DE", "PT", "RU", "TR", "CA", "US", "JP", "NZ")] == [
        "Europe",
        "Europe",
        "Europe",
        "Europe",
        "America",
        "America",
        "Asia",
        "Pacific",
    ]
    assert continent("XK") == continent(None) == ""
    places = [("Tokyo", "JP"), ("Austin", "US"), ("Lyon", "FR"), ("Boston", "US"), ("Pune", "IN")]
    assert cities_by_country(places, EN, first_country="CA") == (
        "Austin and Boston in the United States; Lyon, France; Pune, India; and Tokyo, Japan"
    )
