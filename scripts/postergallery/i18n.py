"""Words the gallery shows or prints, in Indonesian (the default) and English.

Two kinds of text live here:

* ``LABELS``: the site's own words (buttons, headings, role names), by key.
* ``MESSAGES``: problem messages, written in English in the code (so the code
  reads naturally) and translated here, gettext style. A test checks that
  every message used in the code has an Indonesian translation.
"""
from __future__ import annotations

LANGUAGES = ("id", "en")

LABELS: dict[str, dict[str, str]] = {
    "role.instructor": {"id": "Instruktur", "en": "Instructor"},
    "role.trainee": {"id": "Peserta Pelatihan", "en": "Trainee"},
    "role.alumni": {"id": "Alumni", "en": "Alumni"},
    "roles.instructor": {"id": "Instruktur", "en": "Instructors"},
    "roles.trainee": {"id": "Peserta Pelatihan", "en": "Trainees"},
    "roles.alumni": {"id": "Alumni", "en": "Alumni"},
    "gallery": {"id": "Galeri Poster", "en": "Poster Gallery"},
    "gallery.description": {"id": "Galeri {count} poster dari instruktur, peserta pelatihan dan alumni.",
                            "en": "A gallery of {count} posters by instructors, trainees and alumni."},
    "count.posters": {"id": "{count} poster", "en": "{count} posters"},
    "count.poster": {"id": "{count} poster", "en": "{count} poster"},
    "authors": {"id": "Penulis", "en": "Authors"},
    "role": {"id": "Peran", "en": "Role"},
    "center": {"id": "Balai (BPVP)", "en": "Training centre (BPVP)"},
    "program": {"id": "Program pelatihan", "en": "Training programme"},
    "date": {"id": "Tanggal", "en": "Date"},
    "tags": {"id": "Topik", "en": "Topics"},
    "links": {"id": "Tautan", "en": "Links"},
    "summary": {"id": "Ringkasan", "en": "Summary"},
    "download": {"id": "Unduh poster asli ({format}, {size})", "en": "Download the original poster ({format}, {size})"},
    "download.large": {"id": "Unduh poster sebagai gambar besar ({format}, {width} × {height} piksel, {size})",
                       "en": "Download the poster as a large image ({format}, {width} × {height} px, {size})"},
    "zoom": {"id": "Perbesar poster", "en": "Zoom into the poster"},
    "zoom.hint": {"id": "Ketuk poster untuk memperbesar; cubit atau ketuk dua kali untuk membaca detail.",
                  "en": "Tap the poster to zoom in; pinch or double-tap to read the details."},
    "previous": {"id": "Sebelumnya", "en": "Previous"},
    "next": {"id": "Berikutnya", "en": "Next"},
    "back.gallery": {"id": "Kembali ke galeri", "en": "Back to the gallery"},
    "all.posters": {"id": "Semua poster", "en": "All posters"},
    "browse.role": {"id": "Menurut peran", "en": "By role"},
    "browse.center": {"id": "Menurut balai", "en": "By training centre"},
    "browse.tag": {"id": "Menurut topik", "en": "By topic"},
    "listing.role": {"id": "Poster {label}", "en": "Posters: {label}"},
    "listing.center": {"id": "Poster dari {label}", "en": "Posters from {label}"},
    "listing.tag": {"id": "Poster bertopik {label}", "en": "Posters on {label}"},
    "listing.description": {"id": "{count} poster: {label}.", "en": "{count} posters: {label}."},
    "poster.description": {"id": "Poster oleh {authors} ({role}, {center}).",
                           "en": "Poster by {authors} ({role}, {center})."},
    "empty.gallery": {"id": "Belum ada poster.", "en": "No posters yet."},
    "browse": {"id": "Jelajahi", "en": "Browse"},
    "all.posters.az": {"id": "Daftar semua poster (A–Z)", "en": "List of all posters (A–Z)"},
    "filter.title": {"id": "Saring poster", "en": "Filter posters"},
    "filter.q": {"id": "Cari judul, penulis, balai, program", "en": "Search title, author, centre, programme"},
    "filter.any.role": {"id": "Semua peran", "en": "All roles"},
    "filter.any.center": {"id": "Semua balai", "en": "All centres"},
    "filter.any.tag": {"id": "Semua topik", "en": "All topics"},
    "filter.more": {"id": "Saring dan urutkan", "en": "Filter and sort"},
    "filter.more.cards": {"id": "Tampilkan {count} poster lagi", "en": "Show {count} more posters"},
    "filter.reset": {"id": "Hapus saringan", "en": "Clear filters"},
    "filter.status.all": {"id": "Menampilkan semua {count} poster", "en": "Showing all {count} posters"},
    "filter.status.some": {"id": "Menampilkan {shown} dari {total} poster", "en": "Showing {shown} of {total} posters"},
    "filter.none": {"id": "Tidak ada poster yang cocok. Coba kata lain atau hapus saringan.",
                    "en": "No poster matches. Try other words or clear the filters."},
    "sort": {"id": "Urutkan", "en": "Sort by"},
    "sort.title": {"id": "Judul (A–Z)", "en": "Title (A–Z)"},
    "sort.center": {"id": "Balai", "en": "Training centre"},
    "sort.newest": {"id": "Terbaru", "en": "Newest"},
    "prevnext": {"id": "Poster sebelumnya dan berikutnya", "en": "Previous and next poster"},
    "back.results": {"id": "Kembali ke hasil saringan", "en": "Back to the filtered list"},
    "position": {"id": "Poster {n} dari {total}", "en": "Poster {n} of {total}"},
    "zoom.close": {"id": "Tutup (Esc)", "en": "Close (Esc)"},
    "zoom.toggle": {"id": "Perbesar/perkecil (Z, +, −)", "en": "Zoom in/out (Z, +, −)"},
    "zoom.error": {"id": "Gambar poster tidak dapat dimuat.", "en": "The poster image cannot be loaded."},
    "share": {"id": "Bagikan", "en": "Share"},
    "share.copied": {"id": "Tautan disalin.", "en": "Link copied."},
    "share.failed": {"id": "Salin tautan ini:", "en": "Copy this link:"},
}


class Translator:
    """Turns English message templates and label keys into the chosen language."""

    def __init__(self, lang: str = "id"):
        self.lang = lang if lang in LANGUAGES else "id"

    def __call__(self, message: str, **params) -> str:
        if self.lang != "en":
            message = MESSAGES.get(message, message)
        return message.format(**params) if params else message

    def label(self, key: str, **params) -> str:
        text = LABELS[key][self.lang]
        return text.format(**params) if params else text


class TemplateError(Exception):
    """An error whose message is an English template with its parameters, translated where it is shown."""

    def __init__(self, template: str, **params):
        super().__init__(template)
        self.template = template
        self.params = params

    def text(self, tr: Translator) -> str:
        return tr(self.template, **self.params)


def N_(message: str) -> str:
    """Marks a message template that is translated later, where it is reported."""
    return message


def register(labels: dict[str, dict[str, str]] | None = None, messages: dict[str, str] | None = None) -> None:
    """Add a feature module's own labels and message translations."""
    for key, value in (labels or {}).items():
        if key in LABELS and LABELS[key] != value:
            raise ValueError(f"label {key!r} registered twice with different text")
        LABELS[key] = value
    MESSAGES.update(messages or {})


# English message template -> Indonesian.
MESSAGES: dict[str, str] = {
    "{path} cannot be read: {reason}.": "{path} tidak dapat dibaca: {reason}.",
    " ({warnings} warning(s))": " ({warnings} peringatan)",
    "... and {count} more problems in this file from here on; fix the ones above first, then check again.":
        "... dan {count} masalah lain di berkas ini mulai dari sini; perbaiki dulu yang di atas, lalu periksa lagi.",
    " Did you mean '{target}'?": " Mungkin maksud Anda '{target}'?",
    " Rename '{name}' to poster.yml.": " Ganti nama '{name}' menjadi poster.yml.",
    " The allowed fields are: {fields}.": " Isian yang boleh dipakai: {fields}.",
    " The known settings are: {names}.": " Pengaturan yang dikenal: {names}.",
    "'authors' is empty. {hint}": "'authors' kosong. {hint}",
    "'authors' lists {count} names; at most {limit} fit on a poster card.":
        "'authors' berisi {count} nama; paling banyak {limit} nama muat di kartu poster.",
    "'authors' must be a list of names, one per line starting with '- '.":
        "'authors' harus berupa daftar nama, satu nama per baris diawali '- '.",
    "'authors' must be a list with one name per line, each starting with '- ', e.g. authors: then a line '  - Budi Santoso, S.T.' and a line '  - Siti Rahma'. (A comma may be part of a name, so the gallery does not split names at commas.)":
        "'authors' harus berupa daftar dengan satu nama per baris, masing-masing diawali '- ', misalnya authors: lalu baris '  - Budi Santoso, S.T.' dan baris '  - Siti Rahma'. (Koma bisa menjadi bagian nama, jadi galeri tidak memisahkan nama pada koma.)",
    "'center' must contain letters or digits, e.g. center: BPVP Bandung.":
        "'center' harus berisi huruf atau angka, misalnya center: BPVP Bandung.",
    "'date' is {value}, which is not a real date; check the day and the month (written as YYYY-MM-DD).":
        "'date' berisi {value}, padahal tanggal itu tidak ada; periksa hari dan bulannya (ditulis TTTT-BB-HH).",
    "'date' must be a date written as YYYY-MM-DD, e.g. 2024-01-30 (found '{value}').":
        "'date' harus berupa tanggal yang ditulis TTTT-BB-HH, misalnya 2024-01-30 (tertulis '{value}').",
    "'date' must be a date written as YYYY-MM-DD, e.g. 2024-01-30.":
        "'date' harus berupa tanggal yang ditulis TTTT-BB-HH, misalnya 2024-01-30.",
    "'image' must be just the name of a file in this folder, like poster.jpg, without any folder in front ('{value}' is not allowed).":
        "'image' cukup berisi nama berkas di folder ini, seperti poster.jpg, tanpa nama folder di depannya ('{value}' tidak diperbolehkan).",
    "'image' must be the name of the poster file in this folder, e.g. image: poster.jpg.":
        "'image' harus berisi nama berkas poster di folder ini, misalnya image: poster.jpg.",
    "'image' names '{name}', but there is no such file in {folder}/ (files there: {others}). Check the spelling, including upper and lower case.":
        "'image' menyebut '{name}', tetapi berkas itu tidak ada di {folder}/ (berkas yang ada: {others}). Periksa ejaannya, termasuk huruf besar dan kecil.",
    "'links' lists {count} links; use at most {limit}.": "'links' berisi {count} tautan; paling banyak {limit}.",
    "'links' must be a list; write each link as '- label: ...' with 'url: https://...' on the next line.":
        "'links' harus berupa daftar; tulis setiap tautan sebagai '- label: ...' dengan 'url: https://...' di baris berikutnya.",
    "'role' is '{value}', which is not one of the allowed values: {allowed}.{suggestion}":
        "'role' berisi '{value}', yang bukan salah satu nilai yang diperbolehkan: {allowed}.{suggestion}",
    "'summary' is {count} characters long; shorten it to at most {limit}.":
        "'summary' panjangnya {count} karakter; persingkat menjadi paling banyak {limit}.",
    "'summary' must be a text, not {kind}.": "'summary' harus berupa teks, bukan {kind}.",
    "'tags' lists {count} tags; use at most {limit}.": "'tags' berisi {count} topik; paling banyak {limit}.",
    "'tags' must be a list of short words, one per line starting with '- '.":
        "'tags' harus berupa daftar kata singkat, satu per baris diawali '- '.",
    "'{key}' is {count} characters long; shorten it to at most {limit}.":
        "'{key}' panjangnya {count} karakter; persingkat menjadi paling banyak {limit}.",
    "'{key}' must be a single text, not {kind}.": "'{key}' harus berupa satu teks, bukan {kind}.",
    "'{name}' is a link (symlink) to another file; put the poster file itself in the folder.":
        "'{name}' adalah tautan (symlink) ke berkas lain; letakkan berkas posternya sendiri di folder ini.",
    "'{name}' is a link (symlink) to another folder; put the poster folder itself here.":
        "'{name}' adalah tautan (symlink) ke folder lain; letakkan folder posternya sendiri di sini.",
    "'{name}' is empty (0 bytes); upload the poster file again.":
        "'{name}' kosong (0 byte); unggah lagi berkas posternya.",
    "'{name}' is not a supported poster format; use a JPG, PNG, WebP, AVIF or PDF file.":
        "'{name}' bukan format poster yang didukung; gunakan berkas JPG, PNG, WebP, AVIF atau PDF.",
    "'{name}' is not an ordinary file; put the poster file itself in the folder.":
        "'{name}' bukan berkas biasa; letakkan berkas posternya sendiri di folder ini.",
    "'{name}' is {size} MB, more than the limit of {limit} MB. Export a smaller file: save a JPG at quality 85 about 5000 pixels tall, or a PDF with images compressed to 300 dpi.":
        "'{name}' berukuran {size} MB, melebihi batas {limit} MB. Ekspor berkas yang lebih kecil: simpan sebagai JPG kualitas 85 dengan tinggi sekitar 5000 piksel, atau PDF dengan gambar dikompres ke 300 dpi.",
    'A common cause is a colon (:) inside a text; put the whole text in double quotes, e.g. title: "Las: dari nol".':
        'Penyebab yang sering terjadi: ada titik dua (:) di dalam teks; apit seluruh teks dengan tanda kutip ganda, misalnya title: "Las: dari nol".',
    "A text may not start with @ or `; put the whole text in double quotes.":
        "Teks tidak boleh diawali @ atau `; apit seluruh teks dengan tanda kutip ganda.",
    "Add 'role: instructor', 'role: trainee' or 'role: alumni'.":
        "Tambahkan 'role: instructor', 'role: trainee' atau 'role: alumni'.",
    "Add a line 'alt: ' followed by a sentence describing what the poster shows, for visitors who use a screen reader.":
        "Tambahkan baris 'alt: ' diikuti satu kalimat yang menggambarkan isi poster, untuk pengunjung yang memakai pembaca layar.",
    "Add a line 'authors:' followed by one line '  - Name' for each author.":
        "Tambahkan baris 'authors:' diikuti satu baris '  - Nama' untuk setiap penulis.",
    "Add a line 'center: ' followed by the training centre, e.g. center: BPVP Bandung.":
        "Tambahkan baris 'center: ' diikuti nama balai pelatihan, misalnya center: BPVP Bandung.",
    "Add a line 'title: ' followed by the poster's title.": "Tambahkan baris 'title: ' diikuti judul poster.",
    "All good: {count} posters checked, no problems found.": "Semua beres: {count} poster diperiksa, tidak ada masalah.",
    "Check that every opening quote has a closing quote on the same line.":
        "Pastikan setiap tanda kutip pembuka punya tanda kutip penutup di baris yang sama.",
    "Check the indentation and quotes on this line and the line before it.":
        "Periksa indentasi (spasi di awal baris) dan tanda kutip di baris ini dan baris sebelumnya.",
    "Each line needs a field name followed by a colon and a space, e.g. center: BPVP Bandung.":
        "Setiap baris perlu nama isian diikuti titik dua dan spasi, misalnya center: BPVP Bandung.",
    "Use spaces, not tabs, to indent lines.": "Gunakan spasi, bukan tab, untuk menjorokkan baris.",
    "a field name must be a plain word such as 'title'.": "nama isian harus berupa satu kata biasa seperti 'title'.",
    "a group of fields": "sekumpulan isian",
    "a link has only 'label' and 'url'; remove '{key}'.": "tautan hanya punya 'label' dan 'url'; hapus '{key}'.",
    "a list": "sebuah daftar",
    "a number": "sebuah angka",
    "a single text": "satu teks",
    "a whole number": "sebuah bilangan bulat",
    "an entry in 'authors' is empty; write a name after the dash or remove the line.":
        "ada baris kosong di 'authors'; tulis nama setelah tanda '-' atau hapus baris itu.",
    "each entry in 'links' must be a label and a url.": "setiap isian di 'links' harus berupa label dan url.",
    "extra.gallery must be a group of settings, one per line, indented under 'gallery:'.":
        "extra.gallery harus berupa sekumpulan pengaturan, satu per baris, menjorok di bawah 'gallery:'.",
    "kept {folder}: it was changed after the demo created it; delete it yourself if you do not need it":
        "{folder} dibiarkan: isinya sudah diubah sejak dibuat oleh demo; hapus sendiri jika tidak diperlukan",
    "mkdocs.yml is not valid YAML here ({detail}); check the indentation and quotes.":
        "mkdocs.yml tidak sah sebagai YAML di sini ({detail}); periksa indentasi dan tanda kutip.",
    "mkdocs.yml was not found; run the command from the project folder (the one holding mkdocs.yml).":
        "mkdocs.yml tidak ditemukan; jalankan perintah dari folder proyek (folder yang berisi mkdocs.yml).",
    "no poster file found in {folder}/; add the poster as a JPG, PNG, WebP, AVIF or PDF file.":
        "tidak ada berkas poster di {folder}/; tambahkan poster sebagai berkas JPG, PNG, WebP, AVIF atau PDF.",
    "none": "tidak ada",
    "pages: {written} written, {removed} removed, {unchanged} unchanged":
        "halaman: {written} ditulis, {removed} dihapus, {unchanged} tidak berubah",
    "poster.yml is empty. Fill in at least these fields: title, authors, role, center and alt.":
        "poster.yml kosong. Isi paling tidak isian berikut: title, authors, role, center dan alt.",
    "poster.yml is nested too deeply; poster fields are at most two levels deep (for example links: - label: ... url: ...).":
        "poster.yml bertingkat terlalu dalam; isian poster paling dalam dua tingkat (misalnya links: - label: ... url: ...).",
    "poster.yml is not saved as UTF-8 text, so this character cannot be read. Save the file again with the UTF-8 encoding (in Notepad: File > Save As > Encoding: UTF-8).":
        "poster.yml tidak disimpan sebagai teks UTF-8, sehingga karakter ini tidak terbaca. Simpan lagi berkasnya dengan encoding UTF-8 (di Notepad: File > Save As > Encoding: UTF-8).",
    "poster.yml is {size} KB; a poster's details fit in a few lines (at most {limit} KB). Check that this is the right file.":
        "poster.yml berukuran {size} KB; keterangan poster cukup beberapa baris (paling besar {limit} KB). Periksa apakah ini berkas yang benar.",
    "poster.yml must be an ordinary file, not a link (symlink) or a folder.":
        "poster.yml harus berupa berkas biasa, bukan tautan (symlink) atau folder.",
    "poster.yml must consist of lines like 'title: ...', one field per line; this file holds {kind} instead.":
        "poster.yml harus terdiri dari baris seperti 'title: ...', satu isian per baris; berkas ini malah berisi {kind}.",
    "poster.yml uses a YAML anchor (&) or alias (*); write each value out in full instead.":
        "poster.yml memakai anchor (&) atau alias (*) YAML; tuliskan setiap nilai secara lengkap.",
    "removed {folder}": "{folder} dihapus",
    "site_url '{url}' contains spaces, quotes or other characters a web address cannot have.":
        "site_url '{url}' berisi spasi, tanda kutip atau karakter lain yang tidak boleh ada di alamat web.",
    "site_url '{url}' must be the full address of the published site, e.g. https://ORG.github.io/REPO/.":
        "site_url '{url}' harus berisi alamat lengkap situs yang diterbitkan, misalnya https://ORG.github.io/REPO/.",
    "site_url '{url}' must not contain '?' or '#'; use the plain address of the site.":
        "site_url '{url}' tidak boleh berisi '?' atau '#'; gunakan alamat situs saja.",
    "the disk is full, so the gallery could not be written. Free some space and build again.":
        "disk penuh, sehingga galeri tidak dapat ditulis. Kosongkan sebagian ruang lalu bangun ulang.",
    "the field '{key}' appears twice (first on line {line}); keep only one.":
        "isian '{key}' muncul dua kali (pertama di baris {line}); sisakan satu saja.",
    "the field '{key}' is empty. {hint}": "isian '{key}' kosong. {hint}",
    "the folder name '{name}' becomes the poster's web address, so it may contain only lowercase letters a-z, digits 0-9 and single dashes between words; rename the folder to '{suggestion}'.":
        "nama folder '{name}' menjadi alamat web poster, jadi hanya boleh berisi huruf kecil a-z, angka 0-9 dan satu tanda hubung di antara kata; ganti nama folder menjadi '{suggestion}'.",
    "the folder name '{name}' is too long ({count} characters, at most {limit}); shorten it, e.g. '{suggestion}'.":
        "nama folder '{name}' terlalu panjang ({count} karakter, paling banyak {limit}); persingkat, misalnya '{suggestion}'.",
    "the folder name '{name}' is used by the site itself; rename the folder, e.g. to '{suggestion}'.":
        "nama folder '{name}' sudah dipakai oleh situs; ganti nama folder, misalnya menjadi '{suggestion}'.",
    "the folders {names} differ only in upper/lower case; web addresses and Windows or macOS computers treat them as the same. Rename or remove all but one.":
        "folder {names} hanya berbeda huruf besar/kecil; alamat web dan komputer Windows atau macOS menganggapnya sama. Ganti nama atau hapus sampai tersisa satu.",
    "the gallery could not write this file: {reason}.": "galeri tidak dapat menulis berkas ini: {reason}.",
    "the gallery may not write here (the folder is read-only or belongs to another user).":
        "galeri tidak boleh menulis di sini (folder hanya-baca atau milik pengguna lain).",
    "the language '{value}' is not available; use 'id' (Indonesian) or 'en' (English).":
        "bahasa '{value}' tidak tersedia; gunakan 'id' (Indonesia) atau 'en' (Inggris).",
    "the link '{url}' contains spaces, quotes or other characters a web address cannot have.":
        "tautan '{url}' berisi spasi, tanda kutip atau karakter lain yang tidak boleh ada di alamat web.",
    "the link '{url}' has no valid site name after https://.":
        "tautan '{url}' tidak punya nama situs yang sah setelah https://.",
    "the link '{url}' is not a valid web address.": "tautan '{url}' bukan alamat web yang sah.",
    "the link '{url}' is not allowed: only web addresses starting with https:// or http:// can be linked.":
        "tautan '{url}' tidak diperbolehkan: hanya alamat web yang diawali https:// atau http:// yang boleh ditautkan.",
    "the posters folder '{folder}' does not exist. Create it and put one folder per poster in it, or set extra.gallery.posters in mkdocs.yml to the right folder.":
        "folder poster '{folder}' tidak ada. Buat folder itu dan isi dengan satu folder per poster, atau atur extra.gallery.posters di mkdocs.yml ke folder yang benar.",
    "the required field '{key}' is missing. {hint}": "isian wajib '{key}' belum ada. {hint}",
    "the setting '{key}' appears twice under {where}; keep only one.":
        "pengaturan '{key}' muncul dua kali di bawah {where}; sisakan satu saja.",
    "the tag '{tag}' must contain letters or digits.": "topik '{tag}' harus berisi huruf atau angka.",
    "this file was not made by the gallery, but the gallery needs to write a page here. Move or rename your file (the gallery never overwrites files it did not make).":
        "berkas ini tidak dibuat oleh galeri, padahal galeri perlu menulis halaman di sini. Pindahkan atau ganti nama berkas Anda (galeri tidak pernah menimpa berkas yang tidak dibuatnya).",
    "this folder is a link (symlink) to another place, and the gallery writes its pages only inside {docs}/. Remove the link; the gallery makes the folder itself.":
        "folder ini adalah tautan (symlink) ke tempat lain, padahal galeri hanya menulis halamannya di dalam {docs}/. Hapus tautan itu; galeri membuat foldernya sendiri.",
    "this line is not valid YAML ({detail}). {hint}": "baris ini tidak sah sebagai YAML ({detail}). {hint}",
    "this link has no 'url'; add 'url: https://...'.": "tautan ini tidak punya 'url'; tambahkan 'url: https://...'.",
    "this poster folder has no poster.yml file describing the poster; add one (see the committee guide for a complete example).":
        "folder poster ini tidak punya berkas poster.yml yang menjelaskan poster; tambahkan (lihat panduan panitia untuk contoh lengkap).",
    "this setting must be a text.": "pengaturan ini harus berupa teks.",
    "this setting must be true or false.": "pengaturan ini harus bernilai true atau false.",
    "'{value}' is not one of the values this setting takes: {choices}.{hint}":
        "'{value}' bukan salah satu nilai yang diterima pengaturan ini: {choices}.{hint}",
    "this setting must be one of: {choices}.": "pengaturan ini harus berupa salah satu dari: {choices}.",
    "this setting must be {kind} between {minimum} and {maximum}.":
        "pengaturan ini harus berupa {kind} antara {minimum} dan {maximum}.",
    "this text is {count} characters long; at most {limit} are allowed.":
        "teks ini panjangnya {count} karakter; paling banyak {limit} karakter.",
    "unknown field '{key}'.{suggestion}": "isian '{key}' tidak dikenal.{suggestion}",
    "unknown setting '{key}' under {where}.{hint}": "pengaturan '{key}' di bawah {where} tidak dikenal.{hint}",
    "use a folder inside the project, written relative to mkdocs.yml, e.g. posters ('{value}' is not allowed).":
        "gunakan folder di dalam proyek, ditulis relatif terhadap mkdocs.yml, misalnya posters ('{value}' tidak diperbolehkan).",
    "{count} demo poster(s) removed.": "{count} poster demo dihapus.",
    "{count} demo poster(s) written to {folder}/.": "{count} poster demo ditulis ke {folder}/.",
    "{errors} problem(s) to fix in {count} poster(s) checked.": "{errors} masalah perlu diperbaiki pada {count} poster yang diperiksa.",
    "{folder}/ holds {count} poster files ({names}); keep only one, or say which one to show with a line 'image: {first}' in poster.yml.":
        "{folder}/ berisi {count} berkas poster ({names}); sisakan satu saja, atau sebutkan yang ditampilkan dengan baris 'image: {first}' di poster.yml.",
    "{value} is out of range; use a value between {minimum} and {maximum}.":
        "{value} di luar batas; gunakan nilai antara {minimum} dan {maximum}.",
}
