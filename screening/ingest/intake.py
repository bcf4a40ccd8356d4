"""Bytes a recruiter uploaded -> credential items and intake errors.

The kind of a file is decided by its content, never by its name: a `.json` that is
really a ZIP is opened as a ZIP. Every problem becomes an `IntakeFailure` row; nothing
here raises on bad input.
"""

from __future__ import annotations

import json
from typing import Any

from screening.ingest import archive, baked, kinds, links, profile
from screening.ingest.items import (
    UPLOAD_BUDGET_EXCEEDED,
    InflateBudget,
    IngestedItem,
    IntakeError,
    IntakeFailure,
)
from screening.ingest.kinds import Kind
from screening.ingest.limits import (
    MAX_CONTAINER_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_IMAGE_BYTES,
    MAX_INFLATED_BYTES_PER_UPLOAD,
    MAX_ITEMS_PER_UPLOAD,
    MAX_UPLOAD_BYTES,
)

Result = tuple[list[IngestedItem], list[IntakeFailure]]


def ingest_bytes(data: bytes, name: str, candidate: str | None = None,
                 candidate_email: str | None = None) -> Result:
    """Everything one uploaded file holds. `candidate` applies when the file does not say."""
    return _Intake(candidate, candidate_email, name).take(data, name, depth=0)


def ingest_text(text: str, name: str = "pasted links", candidate: str | None = None) -> Result:
    """Pasted text: links one per line (read line by line: each bad line is a row of its
    own), a CSV, or a credential itself."""
    return ingest_bytes(text.encode("utf-8"), name, candidate)


class _Intake:
    def __init__(self, candidate: str | None, email: str | None, upload: str = ""):
        self.candidate = candidate
        self.email = email
        self.upload = upload
        self.items: list[IngestedItem] = []
        self.errors: list[IntakeFailure] = []
        self.inflate = InflateBudget(MAX_INFLATED_BYTES_PER_UPLOAD)  # one for the upload
        self.full = False  # the item cap was reached: the rest is not read

    def take(self, data: bytes, name: str, depth: int, candidate: str | None = None,
             email: str | None = None) -> Result:
        who, mail = candidate or self.candidate, email or self.email
        if self.full:
            return self.items, self.errors
        try:
            self._dispatch(data, name, depth, who, mail)
        except IntakeError as problem:
            self.errors.append(IntakeFailure(name, problem.code, problem.message, who))
        except RecursionError:  # belt and braces: no reader may lose the upload to depth
            self.errors.append(IntakeFailure(name, "json_invalid", "The file is nested too "
                                           "deeply to be read.", who))
        return self.items, self.errors

    def _dispatch(self, data: bytes, name: str, depth: int, who: str | None,
                  mail: str | None) -> None:
        self._check_room()
        if len(data) > MAX_UPLOAD_BYTES:
            raise IntakeError("too_large", "The file is larger than the upload limit.")
        kind = kinds.binary_kind(data)  # told by magic bytes (docs/intake.md)
        if kind in (Kind.ZIP, Kind.GZIP):
            self._container(data, name, depth, who, mail)
        elif kind is Kind.BADGE_PNG:
            if len(data) > MAX_IMAGE_BYTES:
                raise IntakeError("too_large", "The image is larger than the limit for a badge.")
            # the verifier inflates the badge text again; here it is charged to the upload
            baked.png_inflated_bytes(data, self.inflate)
            self._add(name, data, who, mail)
        elif kind is Kind.PDF:
            self._pdf(data, name, depth, who, mail)
        elif kind is Kind.IMAGE:
            self._add(name, data, who, mail)  # named by the verifier; its QR codes are links
            self._picture(data, name, who, mail)
        elif kind is not None:  # an Office document, an mdoc ...: the verifier names it
            self._add(name, data, who, mail)  # (unsupported), bytes kept
        else:
            self._text(data, name, who, mail)

    def _container(self, data: bytes, name: str, depth: int, who: str | None,
                   mail: str | None) -> None:
        if depth >= MAX_CONTAINER_DEPTH:
            raise IntakeError("nested_too_deep", "Archives nested inside archives are not "
                                "opened beyond one level.")
        if archive.is_gzip(data):
            inner_name = name[:-3] if name.lower().endswith(".gz") else f"{name} (inflated)"
            self.take(archive.gunzip_capped(data, budget=self.inflate), inner_name, depth + 1,
                      who, mail)
            return
        members = archive.read_zip(data, self.inflate)
        if not members:
            raise IntakeError("zip_empty", "The ZIP holds no files.")
        for member in members:
            label = f"{name} › {member.path}"
            member_who = member.candidate or who
            if member.problem is not None:
                self.errors.append(IntakeFailure(label, member.problem.code,
                                               member.problem.message, member_who))
            else:
                assert member.data is not None
                self.take(member.data, label, depth + 1, member_who,
                          member.candidate_email or mail)

    def _pdf(self, data: bytes, name: str, depth: int, who: str | None,
             mail: str | None) -> None:
        """A PDF certificate: its own row (its signatures: verify/pdfsig.py), then one row
        per attached file (read by content, as a ZIP member is) and per link it holds
        (annotations, text, QR codes). A PDF over a limit, encrypted or unreadable is one
        row, its bytes kept: the verifier names why it was not read."""
        from screening.ingest import pdf  # (pypdf, Pillow, zxing-cpp: only when needed)

        try:
            contents = pdf.read_pdf(data, self.inflate)
        except IntakeError as refused:
            if refused.code == UPLOAD_BUDGET_EXCEEDED:
                raise
            self._add(name, data, who, mail)
            return
        self._add(name, data, who, mail)
        for problem in contents.problems:
            self.errors.append(IntakeFailure(name, problem.code, problem.message, who))
        for attachment in contents.attachments:
            self.take(attachment.data, f"{name} › {attachment.name}", depth + 1, who, mail)
        for url in contents.links:
            self._add(f"{name} › {contents.found_in(url)}: {url}", url.encode(), who, mail,
                      link=url)

    def _picture(self, data: bytes, name: str, who: str | None, mail: str | None) -> None:
        """A photo or screenshot of a certificate: each QR code's link is a row."""
        from screening.ingest import qr  # (Pillow, zxing-cpp: only when a picture comes)

        if len(data) > MAX_IMAGE_BYTES:
            raise IntakeError("too_large", "The image is larger than the limit for a picture.")
        try:
            found, refused = qr.picture_links(data)
        except IntakeError as problem:
            if problem.code != "image_unreadable":  # (its own row already says so)
                self.errors.append(IntakeFailure(name, problem.code, problem.message, who))
            return
        except MemoryError:
            self.errors.append(IntakeFailure(name, "image_too_large", "Decoding the picture "
                                             "needed more memory than allowed.", who))
            return
        for url in found:
            self._add(f"{name} › QR code: {url}", url.encode(), who, mail, link=url)
        if refused:
            self.errors.append(IntakeFailure(name, "qr_not_a_link", "A QR code in the picture "
                                             f"holds no web link: '{refused[0]}'.", who))

    def _text(self, data: bytes, name: str, who: str | None, mail: str | None) -> None:
        if len(data) > MAX_DOCUMENT_BYTES:
            raise IntakeError("too_large", "The file is larger than the limit for one "
                                "credential.")
        text = kinds.decode_text(data)
        body = text.strip() if text is not None else ""
        if body.startswith("["):
            self._json_array(data, body, name, who, mail)
        elif body and body[0] not in "{<" and (entries := profile.read_profile(body)):
            self._profile(entries, name, who, mail)
        elif body and body[0] not in "{<" and (rows := links.link_block(body)) is not None:
            self._links(rows, name, who, mail, unit="line")
        elif body and body[0] not in "{<" and links.looks_like_csv(body):
            self._links(links.read_csv(body), name, who, mail)
        else:  # a credential, or whatever else it is: the verifier reads or names it
            self._add(name, data, who, mail)

    def _json_array(self, data: bytes, text: str, name: str, who: str | None,
                    mail: str | None) -> None:
        """A JSON array with a credential (or a token, or a link) in it: each element is
        one document. Any other array is one document the verifier names (not a
        credential), and a broken one is reported by the verifier too."""
        try:
            elements = json.loads(text)
        except RecursionError as exc:
            raise IntakeError("json_invalid", "The file is nested too deeply to be "
                                "read.") from exc
        except json.JSONDecodeError:
            elements = None
        if not isinstance(elements, list) or kinds.json_kind(elements) is not Kind.JSON_LIST:
            self._add(name, data, who, mail)
            return
        # Elements with no credential in them (`{}`, a number, plain data): ONE document
        # for all of them, which the verifier lists as "not a credential" — never one row
        # (or one stored document) per element.
        empty = [index for index, element in enumerate(elements, start=1)
                 if _no_credential(element)]
        skip = set(empty)
        for index, element in enumerate(elements, start=1):
            if index in skip:
                if index == empty[0]:  # listed where the first of them was
                    self._add_bare(name, elements, empty, who, mail)
                continue
            label = f"{name} [{index}]"
            if isinstance(element, str) and links.is_link(element.strip()):
                self._add(f"{label}: {element.strip()}", element.strip().encode(), who, mail,
                          link=element.strip())
                continue
            # Each element is stored as its own document: its own bytes and SHA-256.
            try:
                payload = element if isinstance(element, str) else json.dumps(element)
            except (RecursionError, ValueError):
                self.errors.append(IntakeFailure(label, "json_invalid", "This list element "
                                               "is nested too deeply.", who))
                continue
            self._add(label, payload.encode("utf-8", "surrogatepass"), who, mail)

    def _add_bare(self, name: str, elements: list[Any], empty: list[int], who: str | None,
                  mail: str | None) -> None:
        shown = ", ".join(f"[{i}]" for i in empty[:5]) + (", …" if len(empty) > 5 else "")
        try:
            bare = json.dumps([elements[i - 1] for i in empty]).encode("utf-8",
                                                                       "surrogatepass")
        except (RecursionError, ValueError):
            bare = b"[]"
        self._add(f"{name} {shown}: {len(empty):,} element(s) without a credential", bare,
                  who, mail)

    def _profile(self, entries: list[profile.Entry], name: str, who: str | None,
                 mail: str | None) -> None:
        """A pasted certifications section: each entry's link is checked; an entry without
        one is a self-reported claim (its own row, never verified)."""
        for number, entry in enumerate(entries, start=1):
            label = f"{name} entry {number}: {entry.title}"
            if entry.link is not None:
                self._add(label, entry.link.encode(), who, mail, link=entry.link)
            else:
                text = " · ".join(entry.claim.values())
                self._add(label, text.encode(), who, mail, claim=entry.claim)

    def _links(self, rows: list[links.LinkRow], name: str, who: str | None,
               mail: str | None, unit: str = "row") -> None:
        for row in rows:
            label = f"{name} {unit} {row.row}"
            row_who, row_mail = row.candidate or who, row.email or mail
            if row.problem is not None:
                self.errors.append(IntakeFailure(label, row.problem.code, row.problem.message,
                                               row_who or row_mail))
            for link in row.links:
                self._add(f"{label}: {link}", link.encode(), row_who, row_mail, link=link)

    def _check_room(self) -> None:
        if len(self.items) >= MAX_ITEMS_PER_UPLOAD:
            self.full = True
            raise IntakeError("too_many_items", "The upload holds more credentials than one "
                                "screening takes; the rest was not read.")

    def _add(self, label: str, data: bytes, who: str | None, mail: str | None, *,
             payload: bytes | str | None = None, link: str | None = None,
             claim: dict[str, str] | None = None) -> None:
        self._check_room()  # every path that yields items (arrays and CSVs too)
        self.items.append(IngestedItem.of(label, data, payload=payload, candidate=who,
                                          candidate_email=mail, link=link,
                                          upload=self.upload, claim=claim))


def _no_credential(element: Any) -> bool:
    """An array element that holds no credential: JSON data (an object without a mark of
    a credential, `{}`, a number, true/false/null). Strings and nested arrays are read
    on their own (a token, a link, a damaged credential)."""
    if isinstance(element, str | list):
        return False
    try:
        return kinds.json_kind(element) is Kind.PLAIN_JSON
    except RecursionError:
        return False
