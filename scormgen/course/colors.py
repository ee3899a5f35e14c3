"""Colour contrast as WCAG 2.1 defines it (relative luminance, contrast ratio)."""
from __future__ import annotations

# WCAG 2.1 success criterion 1.4.3 (Contrast, minimum), level AA, for normal text.
AA_CONTRAST = 4.5


def relative_luminance(hex_color: str) -> float:
    """WCAG 2.1's relative luminance of "#rrggbb" (sRGB)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
