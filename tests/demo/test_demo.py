"""`incasso demo`: the whole story through the real interfaces, checked the way a newcomer would read it — the
transcript names each scene's facts, and demo-out holds the letters, e-mails, the case-file export and settlement."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from api.demo import play

REFERENCES = ("INC-2026-000001", "INC-2026-000002", "INC-2026-000003")
DEBTOR_EMAILS = ("sanne.deboer@example.nl", "administratie@jansen-bouw.nl", "info@groen-hoveniers.nl")


async def test_the_dutch_demo_tells_every_scene_and_writes_demo_out(tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    shown = io.StringIO()
    result = await play(out, lang="nl", stream=shown)
    assert result.transcript == shown.getvalue().rstrip("\n")  # what was printed is what was kept
    text = result.transcript.replace("\u00a0", " ")  # amounts are written with a no-break space

    # 1. three claims filed in Slack, each confirmed with its reference
    assert result.references == dict(zip("ABC", REFERENCES, strict=True))
    for reference in REFERENCES:
        assert f"Dossier *{reference}* is aangemaakt" in text
    # 2. an e-mail per debtor (the first one the demand letter, with its PDF) and letters in the print queue
    for address in DEBTOR_EMAILS:
        subjects = [subject for to, subject in result.emails if address in to]
        assert subjects and subjects[0].startswith("Betaalverzoek"), subjects
    assert len(result.letters) >= 4  # three demand letters and C's final notice
    # 3. debtor A paid through the Mollie link: confirmed in Telegram, the case closed
    sanne = "\n".join(result.telegram["Sanne de Boer"]).replace("\u00a0", " ")
    assert "/checkout/tr_" in sanne and "we hebben uw betaling van € 386,43 ontvangen" in sanne
    assert "het dossier is gesloten" in sanne
    # 4. debtor B's arrangement within policy: accepted with its plan; the first installment arrived by bank
    jansen = "\n".join(result.telegram["Bouwbedrijf Jansen B.V."]).replace("\u00a0", " ")
    assert "Uw betalingsregeling is goedgekeurd" in jansen and "1. 19-03-2026: € 484,04" in jansen
    assert "we hebben uw betaling van € 484,04 ontvangen" in jansen
    # 5. debtor C's dispute with a photo, rejected by the specialist in Slack; the advice and the creditor's consent
    groen = "\n".join(result.telegram["Hoveniersbedrijf Groen V.O.F."]).replace("\u00a0", " ")
    assert "Ontvangen: photo-" in groen and "we hebben uw bezwaar bekeken en afgewezen" in groen
    assert "Betwisting afgewezen door mark" in text
    assert "Ons advies voor dossier INC-2026-000003" in text and "Ons advies: Procedure starten" in text
    assert "INC-2026-000003: 'Gerechtelijke procedure' is vastgelegd." in text
    assert "Toestemming van" in text  # the specialists' court card shows the consent
    # the simulated days are in the transcript: ten business days and the evaluation after them
    assert "[dag 0 · ma 16-03 09:05]" in text and "[dag 11 · di 31-03" in text

    # demo-out: letters, e-mails, the bank statement, the case-file export (ZIP) and the settlement
    assert len(list((out / "letters").glob("*.pdf"))) == len(result.letters)
    emails = sorted((out / "emails").glob("*.eml"))
    assert len(emails) == len(result.emails) >= 3
    assert b"Subject:" in emails[0].read_bytes()
    assert (out / "bank" / "camt053-2026-03-19.xml").is_file()
    assert result.export is not None and result.export.parent == out / "export"
    with zipfile.ZipFile(result.export) as archive:
        assert any(name.endswith(".pdf") for name in archive.namelist())
    if result.settled:
        assert (out / "settlement" / "sepa-2026-03.xml").is_file()
        assert "settlement-2026-03-34567890.pdf" in text
    else:
        assert "afrekening: nog niet gebouwd" in text
    assert (out / "transcript.txt").read_text(encoding="utf-8").startswith("Incasso — demo")


def test_the_installed_command_plays_it_in_english(tmp_path: Path) -> None:
    """`incasso demo --fast --lang en` as a newcomer runs it after the README's install."""
    command = Path(sys.executable).with_name("incasso")
    out = tmp_path / "out"
    done = subprocess.run([str(command), "demo", "--fast", "--lang", "en", "--out", str(out)], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr[-2000:]
    shown = done.stdout
    assert "=== Scene 1: the creditor installs the Slack app and files three claims ===" in shown
    assert "Subject: Payment request: invoice F-2026-014" in shown  # the e-mails in the debtor's language
    assert "we received your payment of €386.43" in shown  # Telegram in English
    assert "Your payment arrangement is approved" in shown
    assert "Dispute rejected by mark" in shown
    assert "Our advice for case INC-2026-000003" in shown and "'Start proceedings' is recorded" in shown
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["bank", "emails", "export", "letters", "settlement",
                                                     "transcript.txt"]
