"""The buyer's sentences read as bags of stems: restated in any order, cut into bullets, or with
words slipped in, they go; a vendor's own sentence in the buyer's vocabulary stays."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.echo import buyer_text, lower_in_place, own_text
from rfp.score.sentence_bags import BAG_SHARE, BAG_STEMS, OWN_SHARE, sentence_bags
from rfp.score.terms import matched_stems

GUIDANCE = (
    "Provide the QA form with its sections and weighting, the number of evaluations per agent "
    "per month, the QA analyst to agent ratio and a sample monthly QA report."
)
BUYER = buyer_text([GUIDANCE, "Describe the quality assurance programme."])


def test_a_restated_sentence_with_its_words_shuffled_goes() -> None:
    words = GUIDANCE.rstrip(".").split()
    random.Random(3).shuffle(words)
    shuffled = " ".join(words) + "."
    own = own_text("We calibrate weekly with Acme.\n" + shuffled, BUYER)
    assert own.text == "We calibrate weekly with Acme."
    assert own.echo_words == len(words)


def test_a_restated_sentence_with_a_word_slipped_in_after_every_third_goes() -> None:
    words = GUIDANCE.split()
    slipped = " ".join(
        itertools.chain.from_iterable(
            (word, "quality") if n % 3 == 2 else (word,) for n, word in enumerate(words)
        )
    )
    assert own_text(slipped, BUYER).text == ""


def test_a_restated_sentence_cut_into_four_word_bullets_goes_and_the_next_line_stays() -> None:
    words = GUIDANCE.split()
    bullets = ["- " + " ".join(words[i : i + 4]) for i in range(0, len(words), 4)]
    text = "\n".join([*bullets, "Our Kingston analysts score 5 calls per agent each week."])
    assert own_text(text, BUYER).text == "Our Kingston analysts score 5 calls per agent each week."


def test_a_vendors_own_sentence_in_the_buyers_words_stays() -> None:
    # 15 stems, 6 of them the guidance's 13 (qa, analyst, evalu, agent, month, report).
    own = (
        "Our QA analysts review 6 evaluations per agent per month in Verint, calibrate with "
        "Acme's team leaders weekly and report scores by site."
    )
    assert len(set(matched_stems(lower_in_place(own)))) == 15
    assert own_text(own, BUYER).text == own


def test_the_rule_on_stem_sets_worked_by_hand() -> None:
    bags = sentence_bags([lower_in_place(GUIDANCE)])
    (bag,) = bags.bags
    # provid qa form section weight number evalu agent month analyst ratio sampl report
    assert len(bag) == 13
    assert BAG_STEMS == 10 and BAG_SHARE == 0.8 and OWN_SHARE == 0.6
    kept = sorted(bag)
    # 11 of 13 (at least 0.8 x 13 = 10.4), all of its own: restated.
    assert bags.restates(kept[:11]) == bag
    # 10 of 13: short of 10.4.
    assert bags.restates(kept[:10]) is None
    # 11 of 13 among 19 stems of its own: 11 < 0.6 x 19 = 11.4.
    assert bags.restates([*kept[:11], *(f"own{n}" for n in range(8))]) is None
    # 11 among 18: 11 >= 10.8.
    assert bags.restates([*kept[:11], *(f"own{n}" for n in range(7))]) == bag
    # Under BAG_STEMS stems of its own: never compared.
    assert bags.restates(kept[:9]) is None


_STEMS = [f"s{n}" for n in range(30)]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_STEMS), min_size=4, max_size=25), min_size=1, max_size=8),
    st.lists(st.sampled_from(_STEMS), max_size=30),
)
def test_the_prefix_index_finds_what_comparing_every_bag_finds(
    sentences: list[list[str]], vendor: list[str]
) -> None:
    bags = sentence_bags(" ".join(words) + "." for words in sentences)
    own = frozenset(vendor)
    every = [
        bag
        for bag in bags.bags
        if len(own) >= BAG_STEMS
        and len(own & bag) >= BAG_SHARE * len(bag)
        and len(own & bag) >= OWN_SHARE * len(own)
    ]
    found = bags.restates(vendor)
    assert (found is None) == (not every)
    assert found is None or found in every


def test_bags_are_the_matchers_stems() -> None:
    assert (
        frozenset(matched_stems(lower_in_place(GUIDANCE)))
        in sentence_bags([lower_in_place(GUIDANCE)]).bags
    )
