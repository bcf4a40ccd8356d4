"""Settings: the known-issuer list, scoring parameters, and whether links are fetched."""

import tomllib

import pandas as pd
import streamlit as st

from screening import MAX_DOCUMENT_BYTES, KnownIssuer, TrustList, verdict_tally
from views._shared import (
    config,
    online,
    pool,
    reverify_pool,
    set_config,
    supply_document,
    trust,
)

st.title("Settings")

st.header("Known issuers")
st.caption("Issuers your organisation recognises. A credential from an issuer not on this "
           "list is a warning and counts only partially.")
current = pd.DataFrame([{"id": i.id, "organisation": i.organisation, "note": i.note}
                        for i in trust()], columns=["id", "organisation", "note"])
edited = st.data_editor(current, num_rows="dynamic", width="stretch",
                        key="trust_editor")
imported = st.text_area("…or paste a known-issuer list (TOML, [[issuer]] tables with id and "
                        "organisation) to replace it", key="trust_toml")


def reverify(entries: TrustList) -> None:
    """Trust is a verification check: re-verify the pool from its original bytes."""
    st.session_state["trust"] = entries
    reverify_pool()
    st.success(f"{len(entries)} known issuers saved; {verdict_tally(pool().rows)} "
               "re-verified.")


if st.button("Save known issuers and re-verify", key="save_trust"):
    if imported.strip():
        try:
            chosen = TrustList.from_mapping(tomllib.loads(imported))
            if not chosen.authorities:  # the pasted list is of issuers: keep the CAs
                chosen = TrustList(chosen, trust().authorities)
        except (tomllib.TOMLDecodeError, ValueError) as error:
            st.error(f"The pasted list could not be read: {error}")
            st.stop()
    else:
        chosen = TrustList([
            KnownIssuer(str(r["id"]).strip(), str(r["organisation"] or r["id"]).strip(),
                        str(r["note"] or "")) for _, r in edited.iterrows()
            if isinstance(r["id"], str) and r["id"].strip()], trust().authorities)
    reverify(chosen)

st.header("Scoring")
st.caption("How much a credential counts depending on how well it was verified. Failed, "
           "revoked, expired and unsupported credentials always count zero.")
cfg = config()
left, right = st.columns(2)
unknown = left.slider("Unknown issuer", 0.0, 1.0, cfg.unknown_issuer, 0.05, key="unknown")
self_asserted = left.slider("Self-asserted key", 0.0, 1.0, cfg.self_asserted_key, 0.05,
                            key="self_asserted")
unchecked = left.slider("Revocation could not be checked", 0.0, 1.0, cfg.status_unchecked,
                        0.05, key="unchecked")
strong = right.slider("Strong fit from", 0.0, 100.0, cfg.strong_band, 1.0, key="strong")
possible = right.slider("Possible fit from", 0.0, 100.0, cfg.possible_band, 1.0,
                        key="possible")
half_life = right.slider("Default recency half-life (years)", 0.5, 20.0,
                         cfg.recency_half_life_years, 0.5, key="half_life")
participation = left.slider("Participation badge (kind of proof)", 0.0, 1.0,
                             cfg.proof_participation, 0.05, key="participation")
attended = left.slider(
    "Attended, nothing assessed (kind of proof)", 0.0, 1.0, cfg.proof_attended, 0.05,
    key="attended",
    help="0 (the default): what a conference, webinar or attendance certificate names is "
         "only suggested, never counted. Above 0 it counts at this factor.")
# full width: in half a column these long labels were cut at 1024 and 1440 px
unknown_meets = st.checkbox("A credential whose revocation could not be checked can meet "
                              "a required skill on its own", value=cfg.status_unknown_meets,
                              key="status_unknown_meets")
other_holders = st.checkbox("Count credentials that name another holder without asking",
                              value=cfg.count_other_holders, key="count_other_holders")
learned = st.checkbox(
    "Suggest skills a credential's wording implies (a model trained on labelled credentials)",
    value=cfg.learned_suggestions, key="learned_suggestions",
    help="On (the default): when a credential reads like ones that teach a skill it does not "
         "name, that skill is suggested — a few points, shown as suggested with the words "
         "that weighed most, never a required skill met on its own.")
self_reported = right.slider(
    "Self-reported claims (profile entries without a link: never verified)", 0.0,
    cfg.SELF_REPORTED_MAX, cfg.self_reported, 0.05, key="self_reported",
    help="0 (the default): they count nothing. Above 0 they count this little, are "
         "labelled “Self-reported” on their cards and in the explanation, and never meet "
         "a requirement on their own.")
if st.button("Apply scoring settings", key="apply_scoring"):
    try:
        set_config(unknown_issuer=unknown, self_asserted_key=self_asserted,
                   status_unchecked=unchecked, strong_band=strong,
                   possible_band=min(possible, strong), recency_half_life_years=half_life,
                   proof_participation=participation, proof_attended=attended,
                   status_unknown_meets=unknown_meets,
                   count_other_holders=other_holders, self_reported=self_reported,
                   learned_suggestions=learned)
    except ValueError as error:
        st.error(str(error))
    else:
        st.success("Scoring settings applied.")

st.header("Online or offline")
online()  # the session's default: online unless SCREENING_OFFLINE is set
st.toggle("Fetch credential links, DID documents and status lists from the internet "
          "(through the guarded client). Off: only documents already here are used — the "
          "sample issuers' and any you supply below.", key="online")

st.header("Documents the verifier could not fetch")
st.caption("When a check says a status list, DID document or issuer profile could not be "
           "reached, you can supply it here: give the address the credential names and the "
           "file. It is used for this session and every credential is checked again.")
with st.form("supply_form", clear_on_submit=True):
    url = st.text_input("Address (URL) the credential names", key="supply_url")
    document = st.file_uploader("The document (JSON, JWT)", key="supply_file")
    if st.form_submit_button("Use this document and re-verify"):
        if not url.strip().startswith("https://") or document is None:
            st.error("Give an https:// address and a file.")
        elif len(document.getvalue()) > MAX_DOCUMENT_BYTES:
            st.error("The file is larger than a credential document may be.")
        else:
            supply_document(url.strip(), document.getvalue())
            st.success(f"Document added; {verdict_tally(pool().rows)} re-verified.")
