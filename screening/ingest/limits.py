"""Every size, count and depth limit of intake, in one place (see docs/security.md)."""

from __future__ import annotations

MIB = 1024 * 1024

MAX_UPLOAD_BYTES = 100 * MIB  # one uploaded file (a ZIP bundle may be this large)
MAX_DOCUMENT_BYTES = 5 * MIB  # one credential document (JSON, JWT, SVG)
MAX_IMAGE_BYTES = 10 * MIB  # one baked PNG
MAX_BAKED_TEXT_BYTES = 5 * MIB  # the credential text inside a PNG chunk (after inflating)
MAX_PNG_CHUNKS = 10_000
MAX_JSON_DEPTH = 100  # credentials nest a handful of levels; 100 leaves room for extensions

MAX_BAKED_CHUNKS = 8  # badge-bearing iTXt/tEXt chunks read from one PNG (a badge has one)

MAX_ARCHIVE_MEMBERS = 10_000
# ONE inflate budget per upload: every ZIP member, nested ZIP, gzip stream and baked PNG
# text of one uploaded file together inflate to at most this much.
MAX_INFLATED_BYTES_PER_UPLOAD = 200 * MIB
MAX_ARCHIVE_TOTAL_BYTES = MAX_INFLATED_BYTES_PER_UPLOAD  # (the name it had before)
MAX_COMPRESSION_RATIO = 200  # a member that inflates more than this is treated as a bomb
MAX_CONTAINER_DEPTH = 2  # a gzip inside a ZIP is opened; a ZIP in a ZIP in a ZIP is not

MAX_CSV_ROWS = 5_000
MAX_LINKS_PER_ROW = 20
MAX_ITEMS_PER_UPLOAD = 10_000

# ONE budget per upload (issue 28; docs/security.md): what all of an upload's files
# together may cost. When one figure runs out, the rest of the upload is listed as "not
# checked: this upload exceeded its budget" (`upload_budget_exceeded`, indeterminate).
# Inflated bytes: MAX_INFLATED_BYTES_PER_UPLOAD above (refused members charged too).
UPLOAD_VERIFY_SECONDS = 5.0  # verification time of all its documents (network waits
# excepted; one document's whole budget, VERIFY_SECONDS, so a single file keeps it),
UPLOAD_VERIFY_SECONDS_PER_ITEM = 0.01  # plus this per item (a real credential: 1-5 ms)
UPLOAD_WORK_UNITS = 2_000_000  # expansion / node-map / hashing steps of all documents,
UPLOAD_WORK_UNITS_PER_ITEM = 20_000  # plus this per item (a real credential: < 5,000)
UPLOAD_NETWORK_SECONDS = 6.0  # one deadline for every fetch made for it, from its start
UPLOAD_MAX_REQUESTS = 1_000  # documents fetched for it (links, status lists, DID and key
# documents; answers already in the run's cache are free)
MAX_STORED_BYTES_PER_UPLOAD = MAX_UPLOAD_BYTES  # original bytes kept for its rows

# PDF certificates, photos and screenshots (issue 24; docs/security.md). A real
# certificate has 1-4 pages, a few hundred objects, one or two attachments and images.
MAX_PDF_BYTES = 20 * MIB  # one PDF (scanned diplomas run to a few MiB)
MAX_PDF_PAGES = 50  # pages read for links and QR codes; a PDF with more is refused
MAX_PDF_OBJECTS = 20_000  # cross-reference entries; more is refused unread
MAX_PDF_STREAM_BYTES = 20 * MIB  # one stream decompressed (pypdf's own cap, lowered)
MAX_PDF_TEXT_CHARS = 200_000  # text layer read for links, all pages together
MAX_PDF_LINKS = 50  # candidate links taken from one PDF (text, annotations, QR codes)
MAX_PDF_ATTACHMENTS = 20  # embedded files opened as credentials
MAX_PDF_ATTACHMENT_BYTES = MAX_DOCUMENT_BYTES  # one embedded file
MAX_PDF_IMAGES = 20  # embedded images searched for QR codes
MAX_PDF_SIGNATURES = 10  # signatures checked in one PDF
MAX_IMAGE_PIXELS = 25_000_000  # one picture decoded to look for a QR code (a 12 MP
# phone photo has 12 million; a decompression bomb declares billions)
MAX_QR_PAYLOAD_CHARS = 2_048  # a QR code's text taken as a link (a URL longer is refused)
MAX_QR_CODES = 10  # QR codes taken from one image
# Issue 25: the readers of ISO mdoc (CBOR) and JAdES seals
MAX_MDOC_BYTES = 2 * MIB  # one mdoc (a DeviceResponse with a portrait is ~100 KB)
MAX_MDOC_ELEMENTS = 500  # disclosed elements of one mdoc (a PID has ~30)
