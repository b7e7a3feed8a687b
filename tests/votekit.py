"""The small event the vote-count tests share: four posters of three roles, and four voters' tokens."""

from __future__ import annotations

T1, T2, T3, T4 = ("1" * 32, "2" * 32, "3" * 32, "4" * 32)  # tokens of four browsers, as the vote page makes them
POSTERS = {  # slug: (title, role)
    "las-smaw": ("Las SMAW dari Nol", "alumni"),
    "kopi-gayo": ("Kedai Kopi Gayo", "trainee"),
    "kasir-umkm": ("Web Kasir UMKM Desa", "instructor"),
    "ac-hemat": ("Perawatan AC Hemat Energi", "trainee"),
}


def add_posters(project) -> None:
    """The four posters, in ``project``'s posters/ folder."""
    for slug, (title, role) in POSTERS.items():
        project.add_poster(slug, f"title: {title}\nauthors: [Ani]\nrole: {role}\ncenter: BPVP Aceh\nalt: A poster.\n")
