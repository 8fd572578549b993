"""Text helpers shared by the control plane and the municipalities."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents ("Calçada" → "calcada"), for accent-insensitive search
    without the `unaccent` extension."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()
