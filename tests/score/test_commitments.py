"""What a vendor commits to: hedges, marketing and keyword lists earn nothing; specifics count."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score import commitments
from rfp.score.commitments import (
    Commitments,
    find_specifics,
    is_keyword_list,
    read_commitments,
    specifics_cap,
    split_sentences,
    splits_back,
)
from rfp.score.terms import LOWERING_MOVES, stop_words


@pytest.mark.parametrize(
    "sentence",
    [
        "We strive to answer 80% of calls within 20 seconds.",
        "We aim to reach a CSAT of 4.5/5.",
        "We plan to achieve ISO/IEC 27001 certification next year.",
        "We will consider a second site in Manila.",
        "Where possible, breaches are reported within 24 hours.",
        "We are working towards PCI DSS v4.0.",
        "We will try, if possible and subject to volumes, to reach 80% of calls in 20 seconds.",
        "Our team attempts to answer e-mail within 12 hours.",
        # A second probe's: each scored as a firm commitment.
        "Our goal: 85% of calls answered in 15 seconds.",
        "We anticipate an ASA under 25 seconds.",
        "Abandonment is expected to stay under 4%.",
        "Typically 85% of calls are answered in 15 seconds.",
    ],
)
def test_hedged_sentences_earn_nothing(sentence: str) -> None:
    read = read_commitments(sentence)
    assert read.hedged == (sentence,)
    assert read.sentences == () and read.specifics == ()


def test_marketing_without_a_specific_earns_nothing_but_a_fact_keeps_its_sentence() -> None:
    read = read_commitments(
        "We are a world-class, passionate partner. Our industry-leading team answers 85% of "
        "calls within 15 seconds."
    )
    assert read.marketing == ("We are a world-class, passionate partner.",)
    assert read.sentences == ("Our industry-leading team answers 85% of calls within 15 seconds.",)
    assert read.specifics == ("85%", "15 seconds")


@pytest.mark.parametrize(
    ("line", "is_list"),
    [
        # Comma-separated terms: 8 words, 4 commas.
        ("encryption, access control, MFA, SIEM, privileged access, quarterly reviews", True),
        # 16 terms with two function words among them ("with", "under"), still a list.
        (
            "Calibration, sessions, weekly, internally, monthly, with, client, quality, team, "
            "inter-rater, reliability, variance, target, under, 5, points",
            True,
        ),
        # A genuine sentence that lists tools: 2 of its 9 words are function words (22%).
        ("Our tools include Genesys, Salesforce, Calabrio, Verint and NICE.", False),
        # 14 words of terms (numbers aside) and not one function word: longer than a table row.
        (
            "service level 80 percent calls answered 20 seconds average speed answer ASA "
            "30 seconds abandon rate 5 percent",
            True,
        ),
        # A bare header row: no closing full stop, no figure.
        ("Centre Time zone Local operating hours Acme hours covered", True),
        # Table rows of facts keep their dates and times.
        ("ISO/IEC 27001:2022 All centres BSI 14 March 2028", False),
        ("Columbus, Ohio America/New_York Mon–Sat 08:00–20:00 Eastern", False),
        # Terse but real sentences (1 function word in 9 is "with").
        ("Clean-desk audits run weekly, with results published quarterly.", False),
        ("We answer 85% of calls within 15 seconds.", False),
        ("Four words only here", False),
        # Terms strung with one filler, as an adversarial probe wrote 81 answers (27.61 to
        # 42.80): a list, however many function words.
        (
            "We have the speed and the answer and the level and the abandonment and the "
            "interval and the recovery and the forecast.",
            True,
        ),
        # Spanish prose: "de" and "con" are on the English list, but the terms between run
        # several words.
        (
            "Nuestro centro de Bogotá procesa las facturas de proveedores y la nómina de nuestros "
            "clientes cada mes, con doble revisión de cada pago y conciliación de tres vías.",
            False,
        ),
        # English varies its function words, even in a long list-like sentence.
        (
            "We staff the voice queue in Tampa, the chat queue from Monterrey and the e-mail "
            "queue across both sites, with a shared forecast for the whole of the programme.",
            False,
        ),
    ],
)
def test_keyword_lists(line: str, is_list: bool) -> None:
    assert is_keyword_list(line) is is_list


def test_specifics_are_numbers_with_units_standards_tools_dates_and_contacts() -> None:
    text = (
        "ASA of 30 seconds and 80/20 on voice; CSAT 4.3/5; AES-256 and TLS 1.2 in Genesys "
        "Cloud; SOC 2 Type II dated 2026-03-31; reference: Dana Ruiz, d.ruiz@client.example, "
        "+1 801 555 0172; certificate no. IS-123456."
    )
    assert find_specifics(text) == [
        "30 seconds",
        "80/20",
        "4.3/5",
        "aes-256",
        "tls 1.2",
        "genesys",
        "soc 2 type ii",
        "2026-03-31",
        "d.ruiz@client.example",
        "+1 801 555 0172",
        "certificate no. is-123456",
    ]
    # A year alone, a bare number and the vendor's adjectives are not specifics.
    assert find_specifics("Founded in 1991, we have grown a lot and care deeply.") == []


def test_a_ratio_is_written_close_and_a_letter_after_a_number_is_none() -> None:
    """ "3x" and "2.5X" are ratios; "24 x" is a number and a letter, as a copy of the buyer's
    text with an "x" after every word has them, and gave it a specific a sentence."""
    assert find_specifics("Capacity grew 3x in a year and 2.5X since.") == ["3x", "2.5x"]
    assert find_specifics("notification x within x 24 x hours, x annual x review") == []


@pytest.mark.parametrize(
    "refusal",
    [
        # Each scored as a firm commitment in an adversarial probe (SLA-01 2 -> 4).
        "QuickServe is not in a position to guarantee 80% of calls answered in 20 seconds.",
        "QuickServe never contractually commits to 80% of calls answered in 20 seconds.",
        "Excluded from our offer: 80% of calls answered in 20 seconds.",
        "Some outsourcers in the market quote 80% of calls answered in 20 seconds.",
        "The industry benchmark is 80% of calls answered in 20 seconds.",
    ],
)
def test_refusals_and_other_firms_figures_give_no_specifics(refusal: str) -> None:
    read = read_commitments(refusal + " We answer 70% within 30 seconds.")
    assert read.negated == (refusal,)
    assert read.specifics == ("70%", "30 seconds")


def test_a_disclaimer_makes_every_statement_of_its_text_a_hedge() -> None:
    """ "All figures above are indicative" takes back the figures before it, not only its own
    sentence: a probe's firm SLA commitment followed by it still scored 5."""
    read = read_commitments(
        "We answer 85% of calls within 15 seconds and abandonment stays under 4%. "
        "All figures above are indicative and not contractual."
    )
    assert read.sentences == () and read.specifics == ()
    assert len(read.hedged) == 2


def test_negated_sentences_count_as_text_but_give_no_specifics() -> None:
    read = read_commitments("We cannot commit to 80/20. We answer 70% within 30 seconds.")
    assert read.negated == ("We cannot commit to 80/20.",)
    assert len(read.sentences) == 2
    assert read.specifics == ("70%", "30 seconds")


def test_specifics_cap() -> None:
    assert [specifics_cap(n) for n in range(6)] == [2, 2, 4, 4, 5, 5]


def test_sentences_split_on_full_stops_semicolons_and_lines() -> None:
    assert split_sentences("One. Two; three\n- four\n\n• five") == [
        "One.",
        "Two;",
        "three",
        "four",
        "five",
    ]


_PIECES = [
    "ISO 27001", "iso27001:2022", "İSO 27001", "ſoc 2 type ii", "SOC 2 Type II", "PCI-DSS v4.0",
    "tls 1.3", "AES-256", "COPC", "CEFR B2", "c1 level", "Six Sigma", "Amazon Connect",
    "Microsoft Teams", "Power BI", "Observe.AI", "24/7", "24X7", "365", "80/20", "4.3/5",
    "4 out of 5", "09:30", "2027-01-31", "Jan 2027", "3 March 2026", "a@b.com",
    "+44 20 7946 0958", "certificate no. AB-12", "LICENSE # 77", "$5", "€ 12", "£3.50",
    "12 agents", "٣ agents", "98%", "K", "ı", "x", "3x", "2.5X", "per", "the", " ", ",", ".",
    "12 PER CENT", "ISO/IEC 27001:2022", "COPC ΑΣ.Β", "ΟΔΟΣ", "Σ", "\u2003", "\n",
]  # fmt: skip


def _every_pattern(
    text: str, patterns: tuple[re.Pattern[str], ...] = commitments._AMOUNTS + commitments._NAMES
) -> list[str]:
    """The specifics found by running every pattern, with no substring test first."""
    found: dict[str, int] = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            found.setdefault(" ".join(match.group(0).split()).lower(), match.start())
    return sorted(found, key=lambda key: (found[key], key))


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join))
def test_skipping_patterns_that_cannot_match_finds_exactly_the_same(text: str) -> None:
    """The substring tests before each pattern are necessary conditions, Unicode case folding
    included (İ, ı and ſ match ASCII letters case-insensitively but do not lower() to them)."""
    assert find_specifics(text) == _every_pattern(text)


_SENTENCES = [
    "We answer 85% of calls within 20 seconds.", "We may offer weekend cover.",
    "We are the best partner in the industry.", "We do not subcontract any work.",
    "Genesys Cloud, Salesforce, Zendesk, Five9, NICE, Verint", "Yes.",
    "- Quality analysts review 5 contacts per agent weekly;", "• ISO 27001 certified since 2019!",
    "Our team of 120 agents works from Manila?", "\u2003Leading spaces stay.", "No.", "ok",
    "Attrition stays under 30% a year", "\u00a0We hold PCI DSS v4.0.", "We never miss an SLA.",
]  # fmt: skip
_JOINERS = [" ", "\n", "\n\n", " \u2003", "\t", "; ", ".\u2003"]


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_SENTENCES), st.sampled_from(_JOINERS)), min_size=1, max_size=7
    ).map(lambda parts: "".join(s + j for s, j in parts))
)
def test_a_kept_passage_read_again_gives_what_the_first_reading_kept(text: str) -> None:
    """Matching may use own_words' reading of a kept passage instead of reading it again: when
    splitting the kept text gives its sentences back (checked each time), a second reading
    keeps exactly those sentences, their negations and their specifics, and sets nothing
    aside. Unicode spaces after a full stop are the case where the split can differ."""
    from rfp.score.commitments import Commitments, split_sentences

    read = read_commitments(text)
    kept = "\n".join(read.sentences)
    if read.sentences and split_sentences(kept) == list(read.sentences):
        assert read_commitments(kept) == Commitments(
            read.sentences, (), (), (), read.negated, read.specifics
        )


_CHARACTERS = [
    "a", "B", ".", "!", "?", ";", ",", ":", "-", "•", "*", "·", " ", "\t", "\n", "\r", "\x0b",
    "\x0c", "\x1c", "\u00a0", "\u2003", "\u3000", "\u2028",
]  # fmt: skip


@settings(max_examples=600, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_CHARACTERS), max_size=40).map("".join), st.data())
def test_splits_back_says_whether_splitting_the_joined_sentences_gives_them_back(
    text: str, data: st.DataObject
) -> None:
    """``splits_back`` against splitting again, on any choice of the sentences of a text full
    of stops, bullets and Unicode spaces (own_words keeps some sentences and drops others)."""
    sentences = split_sentences(text)
    chosen = data.draw(st.lists(st.booleans(), min_size=len(sentences), max_size=len(sentences)))
    kept = [sentence for sentence, keep in zip(sentences, chosen, strict=True) if keep]
    assert splits_back(kept) is (split_sentences("\n".join(kept)) == kept)


def test_a_unicode_space_after_a_stop_does_not_split_back() -> None:
    # "We answer." then, once "ok" is left out, a sentence that begins with a no-break space.
    sentences = split_sentences("We answer.\nok\n\u00a0Calls are recorded.")
    assert sentences == ["We answer.", "ok", "\u00a0Calls are recorded."]
    assert splits_back(sentences)
    assert not splits_back([sentences[0], sentences[2]])
    assert splits_back([sentences[1], sentences[2]])


def test_lower_casing_agrees_with_case_insensitive_matching_but_for_three_letters() -> None:
    """What searching lower-cased text with a case-sensitive pattern relies on (the words,
    the scan for hedges, superlatives and negations, the tests before each specific): for
    every character but ``terms.LOWERING_MOVES``, lower() gives one character of the same class
    (word, space, digit), and it is an ASCII letter, digit or sign exactly when a
    case-insensitive pattern matches that letter, digit or sign there."""
    unlowerable = LOWERING_MOVES
    chars = "".join(chr(code) for code in range(0x110000) if not unlowerable.match(chr(code)))
    lowered = [char.lower() for char in chars]
    assert all(len(char) == 1 for char in lowered)
    low = "".join(lowered)
    for kind in (r"\w", r"\s", r"\d"):
        pattern = re.compile(kind)
        assert [m.start() for m in pattern.finditer(chars)] == [
            m.start() for m in pattern.finditer(low)
        ]
    for literal in string.ascii_lowercase + string.digits + string.punctuation + "’€£":
        found = re.compile(re.escape(literal), re.IGNORECASE).finditer(chars)
        assert [m.start() for m in found] == [
            m.start() for m in re.finditer(re.escape(literal), low)
        ]
    # And the three do not: İ lowers to two characters, ı and ſ match i and s but stay.
    assert len("İ".lower()) == 2
    assert re.fullmatch("i", "ı", re.IGNORECASE) and "ı".lower() != "i"
    assert re.fullmatch("s", "ſ", re.IGNORECASE) and "ſ".lower() != "s"


def _reference_is_keyword_list(sentence: str) -> bool:
    """``is_keyword_list`` as first written: words found case-insensitively, then lowered."""
    words = [word.lower() for word in commitments._WORD.findall(sentence)]
    if len(words) < commitments.KEYWORD_LIST_MIN_WORDS:
        return False
    share = sum(word in stop_words() for word in words) / len(words)
    commas = sentence.count(",")
    if commas >= 3 and commas * 3 >= len(words) and share < commitments.COMMA_LIST_FUNCTION_SHARE:
        return True
    if share >= commitments.KEYWORD_LIST_FUNCTION_SHARE:
        return False
    if len(words) >= commitments.BARE_TERMS_MIN_WORDS and share < 0.05:
        return True
    return not commitments._TERMINAL.search(sentence) and not _every_pattern(
        sentence, commitments._AMOUNTS
    )


def _reference_split(text: str) -> list[str]:
    """``split_sentences`` as first written."""
    parts = commitments._SENTENCE_END.split(text)
    return [part.strip(" \t-•*·") for part in parts if part.strip(" \t-•*·")]


def _reference_read(text: str) -> Commitments:
    """``read_commitments`` as first written: every sentence searched for each kind."""
    kept: list[str] = []
    hedged: list[str] = []
    marketing: list[str] = []
    keywords: list[str] = []
    negated: list[str] = []
    for sentence in _reference_split(text):
        if len(commitments._WORD.findall(sentence)) < commitments.MIN_SENTENCE_WORDS:
            continue
        if _reference_is_keyword_list(sentence):
            keywords.append(sentence)
        elif commitments.HEDGE.search(sentence):
            hedged.append(sentence)
        elif commitments.SUPERLATIVE.search(sentence) and not _every_pattern(sentence):
            marketing.append(sentence)
        else:
            kept.append(sentence)
            if commitments.NEGATION.search(sentence):
                negated.append(sentence)
    specifics = _every_pattern(" \n".join(s for s in kept if s not in negated))
    return Commitments(
        tuple(kept), tuple(hedged), tuple(marketing), tuple(keywords), tuple(negated),
        tuple(specifics),
    )  # fmt: skip


_TRICKY = [
    "We strive to", "we AIM\nto", "aim for", "STRIVING", "ſtrive to", "mıght", "İdeally", "might",
    "where\u00a0possible", "world-class", "World Class", "best-in\nclass", "cutting edge", "ok",
    "excellence", "seamlessly", "delight", "world-claſs", "not able", "not\ncommit", "can’t",
    "won't", "do not", "cannot", "Kelvin", "we answer", "85% of calls", "in 20 seconds",
    "ISO 27001", "Genesys", "encryption, MFA, SIEM, SSO, access reviews", "the", "and", "with",
    "strived", "aimless", "o'might", "2might", "mightier", "Ab", "-", "•", ".", ";", ",", "!",
    "\n", "\n\n", " ", "  ", "\u2003", "\u00a0", "\t", "- ", "• ", ". ", ".\u00a0",
]  # fmt: skip


@settings(max_examples=1500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY), max_size=24).map(" ".join))
def test_reading_finds_what_reading_every_sentence_finds(text: str) -> None:
    """The shortcuts of ``read_commitments`` (one lower-cased scan for the three kinds, words
    found in lower-cased text, one count for the length and the list test, the last texts'
    sentences remembered) change nothing:
    hedges split over lines, Unicode spaces, letters that fold to ASCII (ſ, ı, İ, K)."""
    assert read_commitments(text) == _reference_read(text)
    assert split_sentences(text) == _reference_split(text)
    for sentence in split_sentences(text):
        assert is_keyword_list(sentence) is _reference_is_keyword_list(sentence)


def test_the_patterns_searched_in_lower_case_have_no_escape_lowering_would_turn_around() -> None:
    """``\\S`` lowered is ``\\s``: a pattern searched in lower case must not hold one."""
    caseless = [commitments.HEDGE, commitments.SUPERLATIVE, commitments.NEGATION]
    caseless += [commitments._WORD, *commitments._AMOUNTS, *commitments._NAMES]
    for pattern in caseless:
        if pattern.flags & re.IGNORECASE:
            assert not re.search(r"\\[A-Z]", pattern.pattern), pattern.pattern
