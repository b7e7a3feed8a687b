"""Demo content: a handful of plausible posters so a fresh clone builds a real-looking gallery.

``write_demo_posters`` draws each poster with Pillow (small files: a
1240x1754 JPEG or PNG, one PDF) and writes its ``poster.yml``, and the
demo hall's board positions (``posters/_map.yml``, for the drawing
``docs/denah.svg``). The list of
what it wrote, with a digest of every file, is kept in ``DEMO_RECORD`` so
that ``remove_demo_posters`` deletes exactly the demo posters that nobody
has changed since, and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import textwrap
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DEMO_RECORD = Path(__file__).with_name("demo-posters.json")
KEEP_MARKER = ".gitkeep"
SIZE = (1240, 1754)  # A-series portrait at 150 dpi (A4); small, still readable when zoomed


@dataclass(frozen=True)
class DemoPoster:
    slug: str
    title: str
    authors: tuple[str, ...]
    role: str
    center: str
    program: str
    date: str
    summary: str
    tags: tuple[str, ...]
    kind: str  # "jpg", "png", "pdf"
    colour: tuple[int, int, int]
    links: tuple[tuple[str, str], ...] = ()


DEMO_POSTERS = (
    DemoPoster(
        "las-smaw-dari-nol-ke-sertifikasi",
        "Dari Nol ke Sertifikasi: Las SMAW Posisi 3G",
        ("Rizky Pratama",),
        "alumni",
        "BBPVP Serang",
        "Teknik Las SMAW",
        "2024-01-30",
        "Sebelum pelatihan saya bekerja serabutan. Dalam 320 jam pelatihan las SMAW saya belajar membaca "
        "gambar kerja, menjaga keselamatan kerja dan mengelas pelat posisi 3G sampai lulus uji "
        "kompetensi. Kini saya bekerja sebagai welder di galangan kapal di Cilegon.",
        ("las", "sertifikasi", "penempatan kerja"),
        "jpg",
        (183, 28, 28),
        (("Skema sertifikasi BNSP", "https://bnsp.go.id/"),),
    ),
    DemoPoster(
        "hidroponik-nft-pekarangan",
        "Hidroponik NFT untuk Pekarangan Rumah",
        ("Ni Luh Putu Ayu Lestari", "I Gede Wirawan"),
        "trainee",
        "BPVP Lombok Timur",
        "Budidaya Hidroponik",
        "2024-01-29",
        "Kelompok kami merakit instalasi NFT dari pipa bekas untuk 200 lubang tanam. Selada siap panen "
        "dalam 35 hari dan dijual ke dua rumah makan di Selong. Rekomendasi kami: modul pelatihan "
        "menambahkan materi pencatatan usaha dan pemasaran.",
        ("hidroponik", "pertanian", "kewirausahaan"),
        "png",
        (46, 125, 50),
    ),
    DemoPoster(
        "barista-kopi-gayo-kedai-sendiri",
        "Barista Kopi Gayo: Dari Pelatihan ke Kedai Sendiri",
        ("Teuku Rahmat Hidayat",),
        "alumni",
        "BPVP Banda Aceh",
        "Barista",
        "2024-01-28",
        "Pelatihan barista mengajarkan seduh manual, kalibrasi espreso dan pelayanan pelanggan. Setahun "
        "setelah lulus saya membuka kedai kopi kecil yang mempekerjakan tiga alumni lain.",
        ("kopi", "kewirausahaan"),
        "jpg",
        (93, 64, 55),
    ),
    DemoPoster(
        "papan-simulasi-instalasi-listrik",
        "Mengajar Instalasi Listrik dengan Papan Simulasi",
        ("Ir. La Ode Safaruddin, M.T.", "Wulan Sari, S.Pd."),
        "instructor",
        "BPVP Kendari",
        "Instalasi Listrik",
        "2024-01-30",
        "Papan simulasi modular membuat peserta dapat merakit, menguji dan mencari gangguan instalasi "
        "rumah tanpa risiko sengatan listrik. Waktu praktik per peserta naik dari 6 menjadi 14 jam.",
        ("listrik", "inovasi", "metode pelatihan"),
        "jpg",
        (21, 101, 192),
    ),
    DemoPoster(
        "web-kasir-umkm-desa",
        "Aplikasi Kasir Web untuk UMKM Desa",
        ("Dimas Saputra", "Putri Rahmawati", "Yohanes Kristianto"),
        "trainee",
        "BPVP Semarang",
        "Web Programming",
        "2024-01-29",
        "Proyek akhir kami: aplikasi kasir berbasis web yang berjalan di ponsel murah dan tetap bisa "
        "dipakai saat sinyal hilang. Sudah dipakai oleh lima warung di Kabupaten Semarang.",
        ("teknologi informasi", "umkm"),
        "jpg",
        (69, 39, 160),
        (("Kode sumber proyek", "https://github.com/"),),
    ),
    DemoPoster(
        "perawatan-ac-split-hemat-energi",
        "Perawatan AC Split Hemat Energi",
        ("Andi Muhammad Yusuf",),
        "instructor",
        "BPVP Makassar",
        "Refrigerasi & AC",
        "2024-01-28",
        "Pembersihan evaporator dan pengecekan tekanan refrigeran secara berkala menurunkan konsumsi "
        "listrik AC hingga 20%. Materi ini kini menjadi unit kompetensi tambahan di kelas refrigerasi.",
        ("refrigerasi", "hemat energi"),
        "png",
        (0, 131, 143),
    ),
    DemoPoster(
        "busana-muslim-usaha-rumahan",
        "Menjahit Busana Muslim: Usaha Rumahan yang Tumbuh",
        ("Siti Hasanah",),
        "alumni",
        "BPVP Padang",
        "Menjahit Pakaian",
        "2024-01-27",
        "Berbekal pelatihan menjahit 240 jam, saya memulai usaha dari rumah dengan satu mesin. Kini ada "
        "empat penjahit, pesanan dari tiga provinsi, dan penjualan melalui lokapasar.",
        ("menjahit", "kewirausahaan", "perempuan"),
        "jpg",
        (173, 20, 87),
    ),
    DemoPoster(
        "pemasaran-digital-olahan-singkong",
        "Pemasaran Digital untuk Keripik Singkong",
        ("Fransiska Dewi Wulandari", "Eko Nugroho"),
        "trainee",
        "BPVP Banyuwangi",
        "Digital Marketing",
        "2024-01-30",
        "Kami memotret produk dengan ponsel, menulis deskripsi yang jujur dan mengukur iklan berbayar "
        "kecil. Penjualan daring kelompok usaha naik dua kali lipat dalam tiga bulan.",
        ("pemasaran digital", "umkm"),
        "jpg",
        (230, 81, 0),
    ),
    DemoPoster(
        "k3-bengkel-otomotif",
        "Keselamatan Kerja di Bengkel Sepeda Motor",
        ("Hendra Siregar, S.T.",),
        "instructor",
        "BBPVP Bekasi",
        "Otomotif Sepeda Motor",
        "2024-01-29",
        "Daftar periksa K3 harian yang sederhana menurunkan kejadian hampir celaka di bengkel latihan. "
        "Rekomendasi: setiap balai memakai format yang sama agar data dapat dibandingkan.",
        ("otomotif", "k3", "metode pelatihan"),
        "jpg",
        (55, 71, 79),
    ),
    DemoPoster(
        "kaigo-bahasa-jepang-perawat-lansia",
        "Kaigo: Bekal Bahasa Jepang untuk Perawat Lansia",
        ("Maria Goreti Kusuma", "Intan Permatasari"),
        "alumni",
        "BPVP Surakarta",
        "Bahasa Jepang (Kaigo)",
        "2024-01-28",
        "Pelatihan bahasa Jepang dan keterampilan perawatan lansia membuka jalan kami bekerja di "
        "Jepang. Poster ini berbagi tips lulus ujian bahasa dan beradaptasi di tempat kerja.",
        ("bahasa jepang", "penempatan luar negeri"),
        "pdf",
        (194, 24, 91),
    ),
    DemoPoster(
        "alat-peraga-mekatronika-barang-bekas",
        "Alat Peraga Mekatronika dari Barang Bekas",
        ("Joko Susilo", "Cut Nyak Rahmah"),
        "instructor",
        "BBPVP Medan",
        "Mekatronika",
        "2024-01-27",
        "Motor printer bekas, sensor murah dan mikrokontroler menjadi alat peraga konveyor mini untuk "
        "belajar PLC. Biayanya sepersepuluh alat peraga pabrikan.",
        ("mekatronika", "inovasi"),
        "png",
        (40, 53, 147),
    ),
)

# The board each demo poster hangs on in the demo hall (docs/denah.svg, a drawing 1200 x 800 units wide), and
# where that board is on the drawing. One poster has no board yet, as happens before an event.
DEMO_BOARDS = {
    "las-smaw-dari-nol-ke-sertifikasi": ("A1", (225, 260)),
    "hidroponik-nft-pekarangan": ("A2", (375, 260)),
    "barista-kopi-gayo-kedai-sendiri": ("A3", (525, 260)),
    "papan-simulasi-instalasi-listrik": ("A4", (675, 260)),
    "web-kasir-umkm-desa": ("A5", (825, 260)),
    "perawatan-ac-split-hemat-energi": ("A6", (975, 260)),
    "busana-muslim-usaha-rumahan": ("B1", (225, 500)),
    "pemasaran-digital-olahan-singkong": ("B2", (375, 500)),
    "k3-bengkel-otomotif": ("B3", (525, 500)),
    "kaigo-bahasa-jepang-perawat-lansia": ("B4", (675, 500)),
}
MAP_NAME = "_map.yml"  # features/venuemap.py MAP_FILE
PLAN_NAME = "denah.svg"  # the demo hall's drawing, in docs/


def map_yaml() -> str:
    """The demo's ``posters/_map.yml``: the drawing and where each demo poster's board is on it."""
    lines = [
        "# Denah ruang pameran: nama gambar denah di folder docs/, lalu letak setiap papan pada gambar itu",
        "# (x, y dari pojok kiri atas gambar, dalam satuan gambar). Lihat docs/guide.md.",
        f"plan: {PLAN_NAME}",
        "boards:",
    ]
    for board, (x, y) in sorted(DEMO_BOARDS.values(), key=lambda item: (item[0][0], int(item[0][1:]))):
        lines.append(f"  {board}: [{x}, {y}]")
    return "\n".join(lines) + "\n"


SECTIONS = (
    "Latar Belakang",
    "Apa yang Kami Pelajari",
    "Manfaat Pelatihan",
    "Rekomendasi",
    "Langkah Berikutnya",
    "Ucapan Terima Kasih",
)


def _font(size: int, bold: bool = False):
    for name in ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf",):
        for folder in ("/usr/share/fonts/truetype/dejavu",):
            path = Path(folder) / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


@dataclass(frozen=True)
class TextRun:
    """A line of text drawn on a demo poster: where (top left, in pixels), how large, what."""

    x: int
    y: int
    size: int
    text: str


class _Drawing(ImageDraw.ImageDraw):
    """Pillow's drawing that also notes every line of text it draws (for the demo PDF's text layer)."""

    def __init__(self, image: Image.Image, runs: list[TextRun]):
        super().__init__(image)
        self.runs = runs

    def text(self, xy, text, fill=None, font=None, *args, **kwargs):
        self.runs.append(TextRun(int(xy[0]), int(xy[1]), int(getattr(font, "size", 10)), str(text)))
        return super().text(xy, text, fill, font, *args, **kwargs)


def draw_poster(poster: DemoPoster, runs: list[TextRun] | None = None) -> Image.Image:
    """A poster-like picture: title band, text columns, a photo-like area and a chart.

    With ``runs``, every line of text drawn is appended to it.
    """
    rng = random.Random(poster.slug)
    w, h = SIZE
    im = Image.new("RGB", SIZE, (250, 248, 244))
    d = _Drawing(im, [] if runs is None else runs)
    c = poster.colour
    d.rectangle([0, 0, w, 330], fill=c)
    y = 50
    for line in textwrap.wrap(poster.title, 28):
        d.text((60, y), line, font=_font(62, True), fill="white")
        y += 76
    d.text((60, y + 10), ", ".join(poster.authors), font=_font(30), fill=(255, 255, 255))
    d.text((60, 270), f"{poster.center} · {poster.program}", font=_font(28, True), fill=(255, 236, 179))
    # photo-like block: smooth gradient with a few shapes
    px, py, pw, ph = 60, 380, 540, 400
    for i in range(ph):
        t = i / ph
        d.line(
            [(px, py + i), (px + pw, py + i)],
            fill=(int(c[0] * (1 - t) + 240 * t), int(c[1] * (1 - t) + 200 * t), int(c[2] * (1 - t) + 150 * t)),
        )
    for _ in range(6):
        x0, y0 = px + rng.randint(20, pw - 120), py + rng.randint(20, ph - 120)
        r = rng.randint(30, 90)
        d.ellipse([x0, y0, x0 + r, y0 + r], fill=(255, 255, 255), outline=c, width=4)
    # chart
    cx, cy = 660, 780
    d.text((cx, 380), "Hasil", font=_font(34, True), fill=c)
    for i in range(5):
        bh = rng.randint(80, 330)
        d.rectangle([cx + i * 100, cy - bh, cx + i * 100 + 70, cy], fill=c if i % 2 else (120, 120, 120))
    d.line([(cx - 10, cy), (cx + 500, cy)], fill=(60, 60, 60), width=3)
    # text sections, two per row
    body = _font(24)
    paragraphs = [
        poster.summary,
        "Pelatihan berbasis kompetensi dengan praktik langsung, pendampingan instruktur dan kerja sama "
        "dengan industri setempat membuat lulusan siap bekerja atau berwirausaha.",
        "Peserta mendapat sertifikat kompetensi, jejaring dengan sesama alumni, dan kepercayaan diri untuk "
        "melamar kerja atau membuka usaha sendiri.",
        "Kolaborasi balai, industri dan pemerintah daerah perlu diperkuat agar pelatihan vokasi menjawab "
        "kebutuhan pasar kerja dan meningkatkan produktivitas.",
        "Materi praktik diperbanyak, magang di industri diperpanjang, dan alumni dilibatkan sebagai mentor "
        "bagi angkatan berikutnya.",
        "Terima kasih kepada instruktur, mitra industri dan seluruh peserta yang telah berbagi pengalaman.",
    ]
    y = 830
    for row in range(3):
        bottom = y
        for col in range(2):
            i = row * 2 + col
            x = 60 + col * 580
            d.text((x, y), SECTIONS[i], font=_font(32, True), fill=c)
            ty = y + 48
            for line in textwrap.wrap(paragraphs[i], 42)[:8]:
                d.text((x, ty), line, font=body, fill=(33, 33, 33))
                ty += 32
            bottom = max(bottom, ty)
        y = bottom + 28
    d.rectangle([0, h - 120, w, h], fill=(33, 33, 33))
    d.text((60, h - 85), "Dialog Nasional Pelatihan Vokasi dan Produktivitas", font=_font(26), fill="white")
    for i in range(3):
        d.ellipse([w - 330 + i * 95, h - 105, w - 250 + i * 95, h - 25], fill=(255, 255, 255))
    return im


def poster_yaml(poster: DemoPoster, image_name: str) -> str:
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = [
        "# Demo poster, made by: python scripts/gallery.py demo",
        f"title: {q(poster.title)}",
        "authors:",
        *[f"  - {q(a)}" for a in poster.authors],
        f"role: {poster.role}",
        f"center: {q(poster.center)}",
        f"program: {q(poster.program)}",
        f"date: {poster.date}",
        f"alt: {q(_alt(poster))}",
        "summary: >-",
        *[f"  {line}" for line in textwrap.wrap(poster.summary, 90)],
        "tags:",
        *[f"  - {q(t)}" for t in poster.tags],
    ]
    if poster.links:
        lines.append("links:")
        for label, url in poster.links:
            lines += [f"  - label: {q(label)}", f"    url: {url}"]
    lines.append(f"image: {image_name}")
    if poster.slug in DEMO_BOARDS:
        lines.append(f"board: {DEMO_BOARDS[poster.slug][0]}")
    return "\n".join(lines) + "\n"


def _alt(poster: DemoPoster) -> str:
    return (
        f"Poster berjudul {poster.title}: pita judul berwarna di atas, foto kegiatan, grafik batang hasil, "
        f"dan enam bagian teks tentang latar belakang, pembelajaran, manfaat, rekomendasi dan langkah berikutnya."
    )


def write_demo_posters(posters_dir: Path, record_file: Path | None = DEMO_RECORD) -> list[str]:
    """Create the demo posters that do not exist yet; return the slugs written.

    The files are the same bytes on every run (the PDF's dates are fixed), so the digests in
    ``record_file`` (None: keep no record) match what any later run writes.
    """
    record: dict[str, dict[str, str] | str] = {}  # slug -> {file: digest}; MAP_NAME -> its digest
    written = []
    for poster in DEMO_POSTERS:
        folder = posters_dir / poster.slug
        if folder.exists():
            continue
        folder.mkdir(parents=True)
        runs: list[TextRun] = []
        image = draw_poster(poster, runs)
        name = f"poster.{poster.kind}"
        if poster.kind == "jpg":
            image.save(folder / name, "JPEG", quality=80, optimize=True, progressive=True)
        elif poster.kind == "png":
            image.quantize(64, dither=Image.Dither.NONE).save(folder / name, "PNG", optimize=True)
        else:
            (folder / name).write_bytes(pdf_with_text(image, runs, poster.title))
        (folder / "poster.yml").write_text(poster_yaml(poster, name), "utf-8")
        written.append(poster.slug)
    if not (posters_dir / MAP_NAME).exists():
        (posters_dir / MAP_NAME).write_text(map_yaml(), "utf-8")
    for poster in DEMO_POSTERS:
        folder = posters_dir / poster.slug
        if folder.is_dir():
            record[poster.slug] = {p.name: _digest(p) for p in sorted(folder.iterdir()) if p.is_file()}
    if (posters_dir / MAP_NAME).is_file():
        record[MAP_NAME] = _digest(posters_dir / MAP_NAME)
    if written and record_file is not None:
        record_file.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", "utf-8")
    return written


PDF_DPI = 150  # the demo PDF's page is SIZE at this resolution: A4


def pdf_with_text(image: Image.Image, runs: list[TextRun], title: str) -> bytes:
    """A one-page PDF of ``image`` with its text as a text layer (invisible text over the drawn text, as a
    scanner's text recognition writes it), so that the text can be selected, searched and read out.

    Written byte by byte here, with nothing that changes between runs (no dates, no random file id), so
    every run writes the same file. The text is in the standard Helvetica font, in Windows-1252.
    """
    scale = 72 / PDF_DPI
    width, height = image.width * scale, image.height * scale
    jpeg = BytesIO()
    image.save(jpeg, "JPEG", quality=80, optimize=True)
    content = [f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q", "BT 3 Tr"]
    for run in runs:
        size = run.size * scale
        baseline = height - (run.y + run.size * 0.8) * scale
        text = run.text.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        content.append(f"/F1 {size:.2f} Tf 1 0 0 1 {run.x * scale:.2f} {baseline:.2f} Tm ({text.decode('latin-1')}) Tj")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    info = title.encode("utf-16-be").hex().upper()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
        "/Resources << /XObject << /Im0 4 0 R >> /Font << /F1 5 0 R >> >> /Contents 6 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {image.width} /Height {image.height} /ColorSpace /DeviceRGB "
        f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg.getvalue())} >>\nstream\n".encode()
        + jpeg.getvalue()
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
        f"<< /Title <FEFF{info}> /Producer (poster gallery demo) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def demo_slugs() -> frozenset[str]:
    """The folder names of the demo's posters."""
    try:
        record = json.loads(DEMO_RECORD.read_text("utf-8"))
    except (OSError, ValueError):
        return frozenset()
    return frozenset(record) - {MAP_NAME}


def remove_demo_posters(posters_dir: Path) -> tuple[list[str], list[str]]:
    """Delete the demo posters nobody changed, and the demo's board positions (``MAP_NAME``) if nobody changed
    them. Returns (removed slugs, then MAP_NAME if removed; kept slugs that were changed)."""
    try:
        record = json.loads(DEMO_RECORD.read_text("utf-8"))
    except (OSError, ValueError):
        return [], []
    removed, kept = [], []
    map_file = posters_dir / MAP_NAME
    map_digest = record.pop(MAP_NAME, None)
    map_removed = map_digest and map_file.is_file() and not map_file.is_symlink() and _digest(map_file) == map_digest
    for slug, files in sorted(record.items()):
        folder = posters_dir / slug
        if not folder.is_dir() or folder.is_symlink():
            continue
        present = {p.name: p for p in folder.iterdir()}
        unchanged = set(present) == set(files) and all(
            present[name].is_file() and not present[name].is_symlink() and _digest(present[name]) == digest
            for name, digest in files.items()
        )
        if unchanged:
            shutil.rmtree(folder)
            removed.append(slug)
        else:
            kept.append(slug)
    if map_removed:
        map_file.unlink()  # the demo's board positions, unchanged: they name the demo hall's boards
        removed.append(MAP_NAME)
    if removed and posters_dir.is_dir() and not any(posters_dir.iterdir()):
        # Git does not keep empty folders, and a missing posters folder fails `check`: keep a marker
        # (names starting with '.' are not posters) until the first real poster arrives.
        (posters_dir / KEEP_MARKER).write_bytes(b"")
    return removed, kept
