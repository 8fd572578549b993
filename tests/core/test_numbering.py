"""Process numbers: both check-digit rules on real numbers, parsing and errors."""

import pytest

from core.numbering import NumberError, Pattern, build, format_number, parse

SEIMG_REAL = ["1500.01.0160076/2026-08", "2010.01.0096625/2023-19"]
FEDERAL_REAL = ["02019.003483/2018-68", "60041.001093/2020-97"]


@pytest.mark.parametrize("number", SEIMG_REAL)
def test_real_seimg_numbers(number):
    parsed = parse(number)
    assert parsed.pattern == Pattern.SEIMG
    assert parsed.formatted == number


@pytest.mark.parametrize("number", FEDERAL_REAL)
def test_real_federal_numbers(number):
    parsed = parse(number)
    assert parsed.pattern == Pattern.FEDERAL
    assert parsed.formatted == number


def test_the_spec_example_of_mod97():
    assert build(Pattern.SEIMG, code="1500", group="01", sequence=160076, year=2026) == (
        "1500010160076202608"
    )


@pytest.mark.parametrize(
    "variant", ["15000101600762026-08", "1500 01 0160076 2026 08", "1500.01.0160076.2026.08"]
)
def test_punctuation_variants_and_bare_digits(variant):
    assert parse(variant).digits == "1500010160076202608"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1500.01.0160076/2026-09", "Dígito verificador inválido: informado 09, esperado 08"),
        ("02019.003483/2018-69", "Dígito verificador inválido"),
        ("1500.01.016007/2026-08", "quantidade de dígitos"),
        ("", "Informe o número"),
        ("1500.01.01600X6/2026-08", "apenas dígitos"),
    ],
)
def test_wrong_numbers_say_what_is_wrong(text, words):
    with pytest.raises(NumberError, match=words):
        parse(text)


def test_build_then_parse_round_trips_for_both_patterns():
    for pattern, code in ((Pattern.SEIMG, "3125"), (Pattern.FEDERAL, "31251")):
        digits = build(pattern, code=code, sequence=42, year=2026)
        assert parse(format_number(digits)).digits == digits
