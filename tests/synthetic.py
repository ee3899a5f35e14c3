"""A large synthetic course for the tests: many long pages (headings, paragraphs, lists,
emphasis), an image on some pages (the first ones, or those asked for) and a reflection
every few pages. Seeded, so the same call writes the same files."""
from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

VOCABULARY = ("care team listens patient goal shared plan trust follow visit question answer doubt "
              "treatment option evidence choice family symptom relief dialogue agreement review").split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(VOCABULARY, k=words)).capitalize() + "."


def page_text(rng: random.Random, number: int, size: int, image: str | None, reflection: bool) -> str:
    """One page of about ``size`` characters of Markdown."""
    lines = [f"# Part {number}: {' '.join(rng.choices(VOCABULARY, k=3))}", ""]
    if image:
        lines += [f"![Figure {number}](../media/{image})", ""]
    section = 0
    while sum(len(line) + 1 for line in lines) < size:
        section += 1
        lines += [f"## Step {section}", "", " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(6)),
                  "", f"Keep in mind: **{rng.choice(VOCABULARY)}** and *{rng.choice(VOCABULARY)}*.", ""]
        if section % 3 == 0:
            lines += [f"- {sentence(rng, 5)}" for _ in range(3)] + [""]
    if reflection:
        lines += ["```reflection", f"id: think-{number:04d}", "prompt: |",
                  f"  What would you do differently after part {number}?", "expert: |",
                  "  One way to see it.", "```", ""]
    return "\n".join(lines)


def png_of_size(rng: random.Random, size: int) -> bytes:
    """A valid 2x2 PNG of about ``size`` bytes that does not compress (as photos do not):
    the bulk is random bytes in a private ancillary chunk, which decoders skip."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = zlib.compress(b"".join(b"\x00" + b"\x0b\x4f\x8a" * 2 for _ in range(2)))
    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
    tail = chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return head + chunk(b"scRb", rng.randbytes(max(0, size - len(head) - len(tail) - 12))) + tail


def write_large_course(folder: Path, pages: int, media: int, seed: int = 11,
                       page_size: int = 16_000, media_size: int = 256 * 1024,
                       image_pages: Sequence[int] | None = None) -> Path:
    """A valid course of ``pages`` pages of about ``page_size`` characters each (a
    reflection on every sixth, ``think-0001`` on the first) and ``media`` incompressible
    images of about ``media_size`` bytes, one on each of the pages at the positions
    ``image_pages`` (from 0; default: the first pages). Page ids are ``part-0001``...,
    images ``figure-000.png``... in the order of their pages."""
    where = list(range(media)) if image_pages is None else sorted(image_pages)
    if len(where) != media:
        raise ValueError(f"{media} images for {len(where)} pages")
    rng = random.Random(seed)
    (folder / "pages").mkdir(parents=True)
    (folder / "media").mkdir()
    images = []
    for index in range(media):
        name = f"figure-{index:03d}.png"
        (folder / "media" / name).write_bytes(png_of_size(rng, rng.randint(media_size // 2, media_size)))
        images.append(name)
    ids = [f"part-{number:04d}" for number in range(1, pages + 1)]
    image_of = dict(zip(where, images, strict=True))
    for index, page_id in enumerate(ids):
        image = image_of.get(index)
        text = page_text(rng, index + 1, page_size, image, reflection=index % 6 == 0)
        (folder / "pages" / f"{page_id}.md").write_text(text, encoding="utf-8")
    (folder / "course.yml").write_text(
        "id: synthetic-course\ntitle: A large synthetic course\nversion: \"1.0\"\nlanguage: en\n"
        "description: Many long pages, for the tests of large builds.\npages:\n"
        + "".join(f"  - {page_id}\n" for page_id in ids), encoding="utf-8")
    return folder
