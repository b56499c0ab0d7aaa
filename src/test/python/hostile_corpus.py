#!/usr/bin/python3
"""Writes the hostile input corpus the safety tests feed skyroute (src/test/resources/hostile/).

Each file is small and is one way an input can be wrong: frames (the folder itself), archive listings (lco/),
TOM replies (tom/), Dropbox and MAST answers (dropbox/, mast/: the status is the name's first part) and
configuration files (config/). MANIFEST.tsv lists every item with what it is; the fault
suite (FaultSuiteHostileIT) feeds them all to a running daemon. Run with Debian's python3-astropy:
    /usr/bin/python3 src/test/python/hostile_corpus.py
The files are committed; the tests never run this script.
"""
import os
import sys

import numpy as np
from astropy.io import fits

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "hostile")


def header(obj="HOSTILE"):
    h = fits.Header()
    h["OBJECT"] = obj
    h["INSTRUME"] = "kb82"
    h["FILTER"] = "rp"
    h["OBSTYPE"] = "EXPOSE"
    h["RLEVEL"] = 91
    h["RA"] = "05:23:31.0"
    h["DEC"] = "-01:04:24"
    h["DATE-OBS"] = "2017-08-16T15:08:56.000"
    h["DAY-OBS"] = "20170816"
    h["EXPTIME"] = 60.0
    h["WCSERR"] = 0
    return h


def compressed(path, obj="HOSTILE"):
    data = (np.arange(64 * 64, dtype=np.float32).reshape(64, 64) % 97) + 1000.0
    hdu = fits.CompImageHDU(data=data, header=header(obj), compression_type="RICE_1", name="SCI")
    fits.HDUList([fits.PrimaryHDU(header=header(obj)), hdu]).writeto(path, overwrite=True)


def patch(path, key, value):
    """Rewrites one card's value in place (same 80 bytes), as a crafted file would carry it."""
    raw = bytearray(open(path, "rb").read())
    for start in range(0, len(raw), 80):
        if raw[start:start + 8].decode("ascii", "replace").rstrip() == key:
            card = f"{key:<8}= {value:>20}".ljust(80).encode("ascii")
            raw[start:start + 80] = card
            open(path, "wb").write(bytes(raw))
            return
    sys.exit(f"{path}: no {key}")


MANIFEST = []


def item(kind, name, what):
    MANIFEST.append((kind, name, what))


def card(key, value):
    """One raw 80-byte header card; value as it is written (quote strings yourself)."""
    return f"{key:<8}= {value}".ljust(80)[:80].encode("latin-1")


def raw_fits(cards, data=b""):
    """A FITS file from raw cards (END added unless the caller says otherwise) and padded data."""
    header = b"".join(cards)
    header += b" " * (-len(header) % 2880)
    return header + data + b"\0" * (-len(data) % 2880)


def plain(path, **changes):
    """A valid 64x64 float image with the cards sorting reads, then card values replaced as a crafted file would."""
    h = header()
    data = (np.arange(64 * 64, dtype=np.float32).reshape(64, 64) % 97) + 1000.0
    fits.PrimaryHDU(data=data, header=h).writeto(path, overwrite=True)
    for key, value in changes.items():
        patch_text(path, key.replace("_", "-"), value)


def patch_text(path, key, value):
    """Rewrites one card as raw text (any bytes, no FITS quoting rules applied)."""
    raw = bytearray(open(path, "rb").read())
    for start in range(0, len(raw), 80):
        if raw[start:start + 8].decode("ascii", "replace").rstrip() == key:
            new = f"{key:<8}= ".encode("latin-1") + (value if isinstance(value, bytes) else value.encode("latin-1"))
            raw[start:start + 80] = new.ljust(80)[:80]
            open(path, "wb").write(bytes(raw))
            return
    sys.exit(f"{path}: no {key}")


def more_frames():
    for name, what in [("empty.fits", "zero length"), ("znaxis-40000.fits.fz", "compressed, claims 40000 x 40000 pixels"),
                       ("znaxis-2e9.fits.fz", "compressed, claims 2e9 x 2e9 pixels"),
                       ("long-object.fits.fz", "OBJECT of 5,000 characters (CONTINUE cards)"),
                       ("truncated.fits.fz", "compressed, cut 3,000 bytes short"), ("garbage.fits", "5,760 random bytes"),
                       ("text.fits", "a line of text")]:
        item("frame", name, what)
    def f(name, what, **changes):
        plain(os.path.join(OUT, name), **changes)
        item("frame", name, what)
    f("object-traversal.fits", "OBJECT '../../../../tmp/skyroute-escape'", OBJECT="'../../../../tmp/skyroute-escape'")
    f("object-absolute.fits", "OBJECT '/tmp/skyroute-absolute'", OBJECT="'/tmp/skyroute-absolute'")
    f("object-dotdot.fits", "OBJECT '..'", OBJECT="'..'")
    f("object-empty.fits", "OBJECT ''", OBJECT="''")
    f("object-blank.fits", "OBJECT of spaces", OBJECT="'        '")
    f("object-shell.fits", "OBJECT '$(touch /tmp/skyroute-pwned);`id`'", OBJECT="'$(touch /tmp/skyroute-pwned);`id`'")
    f("object-control.fits", "OBJECT with control bytes (not FITS ASCII)", OBJECT=b"'AB\x01\x1b[2JCD\x7f'")
    f("object-latin1.fits", "OBJECT with bytes above 127 (not FITS ASCII)", OBJECT=b"'Caf\xe9 \xff\xfe'")
    f("object-unquoted.fits", "OBJECT not quoted (a number)", OBJECT="12345")
    f("object-nul.fits", "OBJECT with a NUL byte", OBJECT=b"'A\x00B'")
    f("instrume-traversal.fits", "INSTRUME '../..' and FILTER '/'", INSTRUME="'../..'", FILTER="'/'")
    f("filter-slashes.fits", "FILTER of 60 slashes", FILTER="'" + "/" * 60 + "'")
    f("bitpix-17.fits", "BITPIX = 17 (not a FITS type)", BITPIX="17")
    f("naxis1-negative.fits", "NAXIS1 = -64", NAXIS1="-64")
    f("naxis-999.fits", "NAXIS = 999", NAXIS="999")
    f("naxis1-huge.fits", "NAXIS1 = 9223372036854775807", NAXIS1="9223372036854775807")
    f("dateobs-garbage.fits", "DATE-OBS 'yesterday'", DATE_OBS="'yesterday'")
    f("exptime-text.fits", "EXPTIME 'NaN' as text", EXPTIME="'NaN'")
    f("radec-out-of-range.fits", "RA '99:99:99', DEC '+95:00:00'", RA="'99:99:99'", DEC="'+95:00:00'")
    f("bscale-zero.fits", "BSCALE = 0 added over WCSERR", WCSERR="0", )
    patch_key(os.path.join(OUT, "bscale-zero.fits"), "WCSERR", "BSCALE", "0")

    cards = [card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0")] + [card("COMMENT", "x" * 60) for _ in range(30)]
    open(os.path.join(OUT, "no-end.fits"), "wb").write(raw_fits(cards))
    item("frame", "no-end.fits", "a header without END")
    cards = [card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("OBJECT", "'MANYCARDS'")]
    cards += [("COMMENT " + "c" * 72).encode() for _ in range(20000)] + [b"END".ljust(80)]
    open(os.path.join(OUT, "many-cards.fits"), "wb").write(raw_fits(cards))
    item("frame", "many-cards.fits", "20,000 COMMENT cards (a 1.6 MB header), no image")
    cards = [card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("OBJECT", "'HEADERONLY'"), b"END".ljust(80)]
    open(os.path.join(OUT, "header-only.fits"), "wb").write(raw_fits(cards))
    item("frame", "header-only.fits", "a primary header and no image at all")
    open(os.path.join(OUT, "zeros.fits"), "wb").write(b"\0" * 28800)
    item("frame", "zeros.fits", "28,800 zero bytes")
    compressed(os.path.join(OUT, "zbitpix-7.fits.fz"))
    patch(os.path.join(OUT, "zbitpix-7.fits.fz"), "ZBITPIX", 7)
    item("frame", "zbitpix-7.fits.fz", "compressed, ZBITPIX = 7")
    compressed(os.path.join(OUT, "zcmptype-evil.fits.fz"))
    patch_text(os.path.join(OUT, "zcmptype-evil.fits.fz"), "ZCMPTYPE", "'EVIL_9  '")
    item("frame", "zcmptype-evil.fits.fz", "compressed, ZCMPTYPE 'EVIL_9'")
    compressed(os.path.join(OUT, "tile-table-cut.fits.fz"))
    whole = open(os.path.join(OUT, "tile-table-cut.fits.fz"), "rb").read()
    open(os.path.join(OUT, "tile-table-cut.fits.fz"), "wb").write(whole[: 2880 * 3 + 100])
    item("frame", "tile-table-cut.fits.fz", "compressed, cut inside the tile table")
    item("frame", "(symlink) link.fits", "a symbolic link to a file outside the drop folder (made by the test)")


def patch_key(path, old, new, value):
    """Renames a card (a key the file did not have takes the place of one it had)."""
    raw = bytearray(open(path, "rb").read())
    for start in range(0, len(raw), 80):
        if raw[start:start + 8].decode("ascii", "replace").rstrip() == old:
            raw[start:start + 80] = f"{new:<8}= {value:>20}".ljust(80).encode("ascii")
            open(path, "wb").write(bytes(raw))
            return
    sys.exit(f"{path}: no {old}")


def listing(frame):
    base = {"id": 70001, "filename": "hostile-0001.fits.fz", "url": "http://127.0.0.1:9/storage/70001/?X=1",
            "basename": "hostile-0001", "DATE_OBS": "2017-08-16T15:08:56.000000Z", "PROPID": "P1", "INSTRUME": "kb82",
            "OBJECT": "PDS 110", "RLEVEL": 91, "FILTER": "rp", "OBSTYPE": "EXPOSE", "configuration_type": "EXPOSE",
            "primary_optical_element": "rp", "proposal_id": "P1", "observation_date": "2017-08-16T15:08:56.000000Z",
            "version_set": [{"id": 1, "md5": "0" * 32, "extension": ".fits.fz", "url": "http://127.0.0.1:9/storage/70001/?X=1"}]}
    base.update(frame)
    return base


def archive_listings():
    import json
    os.makedirs(os.path.join(OUT, "lco"), exist_ok=True)
    def w(name, what, text):
        open(os.path.join(OUT, "lco", name), "w").write(text)
        item("archive", "lco/" + name, what)
    page = lambda *results, **extra: json.dumps({"count": len(results), "next": None, "previous": None, "results": list(results), **extra})
    w("html-200.json", "an HTML error page with status 200", "<html><body><h1>502 Bad Gateway</h1></body></html>")
    w("truncated.json", "JSON cut off mid-object", '{"count": 2, "next": null, "results": [{"id": 70001, "filename": "ab')
    w("array.json", "a JSON array instead of a page", "[1, 2, 3]")
    w("results-string.json", "results is a string", '{"count": 1, "next": null, "results": "everything"}')
    w("missing-id.json", "a frame without id", page({k: v for k, v in listing({}).items() if k != "id"}))
    w("filename-traversal.json", "filename '../../../../tmp/skyroute-lco-escape.fits.fz'",
      page(listing({"id": 70002, "filename": "../../../../tmp/skyroute-lco-escape.fits.fz", "basename": "../../../../tmp/skyroute-lco-escape"})))
    w("filename-absolute.json", "filename '/tmp/skyroute-lco-absolute.fits.fz'",
      page(listing({"id": 70003, "filename": "/tmp/skyroute-lco-absolute.fits.fz", "basename": "/tmp/skyroute-lco-absolute"})))
    w("url-file-scheme.json", "a download url file:///etc/passwd",
      page(listing({"id": 70004, "url": "file:///etc/passwd", "version_set": [{"id": 1, "md5": "0" * 32, "url": "file:///etc/passwd"}]})))
    w("md5-not-hex.json", "an md5 that is not hex", page(listing({"id": 70005, "version_set": [{"id": 1, "md5": "zz" * 16, "url": "x"}]})))
    w("id-text.json", "id '../1' (text)", page(listing({"id": "../1"})))
    w("next-elsewhere.json", "a next link to another host (cloud metadata address)",
      page(listing({"id": 70006}), count=10**18) .replace('"next": null', '"next": "http://169.254.169.254/latest/meta-data/"'))
    w("deep-nesting.json", "50,000 nested arrays", "[" * 50000 + "]" * 50000)
    w("filename-5000.json", "a filename of 5,000 characters", page(listing({"id": 70007, "filename": "f" * 5000 + ".fits.fz"})))


def tom_replies():
    os.makedirs(os.path.join(OUT, "tom"), exist_ok=True)
    def w(name, what, text):
        open(os.path.join(OUT, "tom", name), "w").write(text)
        item("tom", "tom/" + name, what)
    w("html-200.json", "an HTML page with status 200", "<html><body>Please log in</body></html>")
    w("results-not-list.json", "results is an object", '{"count": 1, "next": null, "results": {"id": 1}}')
    w("truncated.json", "JSON cut off", '{"count": 1, "next": null, "results": [{"id": 1, "name": "PDS')
    w("id-text.json", "a target id '../../admin' (text)", '{"count": 1, "next": null, "results": [{"id": "../../admin", "name": "PDS_110", "aliases": []}]}')
    w("deep-nesting.json", "50,000 nested arrays", "[" * 50000 + "]" * 50000)
    w("error-500.html", "status 500 with 100 KB of HTML", "<html>" + "<p>Server Error</p>" * 5500 + "</html>")


def dropbox_answers():
    """Answers to list_folder of a shared link; the status is the file name's first part."""
    import json
    os.makedirs(os.path.join(OUT, "dropbox"), exist_ok=True)
    def w(name, what, text):
        open(os.path.join(OUT, "dropbox", name), "w").write(text)
        item("dropbox", "dropbox/" + name, what)
    def entry(**changes):
        e = {".tag": "file", "name": "good.fits", "path_lower": "/epoch01/good.fits", "path_display": "/EPOCH01/good.fits",
             "id": "id:abc", "size": 2880, "content_hash": "0" * 64, "client_modified": "2026-11-30T00:00:00Z",
             "server_modified": "2026-11-30T00:00:00Z", "rev": "0123456789abcdef"}
        e.update(changes)
        return e
    listing = lambda *entries: json.dumps({"entries": list(entries), "cursor": "c", "has_more": False})
    w("200-html.json", "an HTML page with status 200", "<html><body>Dropbox is down for maintenance</body></html>")
    w("200-truncated.json", "JSON cut off", '{"entries": [{".tag": "file", "name": "a.fi')
    w("200-entries-string.json", "entries is a string", '{"entries": "all of them", "cursor": "c", "has_more": false}')
    w("200-path-traversal.json", "a file at '/../../../../tmp/skyroute-dbx-escape.fits'",
      listing(entry(name="skyroute-dbx-escape.fits", path_lower="/../../../../tmp/skyroute-dbx-escape.fits",
                    path_display="/../../../../tmp/skyroute-dbx-escape.fits")))
    w("200-negative-size.json", "a file of -5 bytes", listing(entry(size=-5)))
    w("200-hash-not-hex.json", "a content_hash that is not hex", listing(entry(content_hash="zz" * 32)))
    w("200-deep-nesting.json", "50,000 nested arrays", "[" * 50000 + "]" * 50000)
    w("409-unknown-error.json", "409 with an error tag skyroute does not know",
      '{"error_summary": "something_new/..", "error": {".tag": "something_new"}}')


def mast_answers():
    """Answers to MAST's invoke API, in the order the daemon asks; the status is the file name's first part."""
    import json
    os.makedirs(os.path.join(OUT, "mast"), exist_ok=True)
    def w(name, what, text):
        open(os.path.join(OUT, "mast", name), "w").write(text)
        item("mast", "mast/" + name, what)
    page = lambda rows: json.dumps({"status": "COMPLETE", "msg": "", "paging": {"page": 1, "pageSize": 50000, "pagesFiltered": 1,
                                    "rows": len(rows), "rowsFiltered": len(rows), "rowsTotal": len(rows)}, "fields": [], "data": rows})
    w("200-html.json", "an HTML page with status 200", "<html><body>MAST portal error</body></html>")
    w("200-truncated.json", "JSON cut off", '{"status": "COMPLETE", "data": [{"obsid": "2')
    w("200-status-error.json", "status ERROR with a message", '{"status": "ERROR", "msg": "Query is malformed", "data": []}')
    w("200-data-string.json", "data is a string", '{"status": "COMPLETE", "msg": "", "data": "rows"}')
    w("200-products-traversal.json", "a product named '../../../../tmp/skyroute-mast-escape_corrtag_a.fits'",
      page([{"obsID": "9001", "obs_id": "x", "dataURI": "mast:HST/product/../../../../tmp/skyroute-mast-escape_corrtag_a.fits",
             "productFilename": "../../../../tmp/skyroute-mast-escape_corrtag_a.fits", "productType": "SCIENCE", "size": 10}]))
    w("200-deep-nesting.json", "50,000 nested arrays", "[" * 50000 + "]" * 50000)
    w("200-paging-absurd.json", "a billion pages announced", json.dumps({"status": "COMPLETE", "msg": "", "paging": {"page": 1,
      "pageSize": 1, "pagesFiltered": 10**9, "rows": 1, "rowsFiltered": 10**9, "rowsTotal": 10**9}, "fields": [],
      "data": [{"obsid": "9002", "target_name": "../../ETC", "instrument_name": "COS/FUV", "obs_collection": "HST"}]}))
    w("503-busy.json", "503 with a JSON body", '{"status": "ERROR", "msg": "Service Unavailable"}')


def configurations():
    os.makedirs(os.path.join(OUT, "config"), exist_ok=True)
    def w(name, what, content):
        mode = "wb" if isinstance(content, bytes) else "w"
        open(os.path.join(OUT, "config", name), mode).write(content)
        item("config", "config/" + name, what)
    bomb = "data_dir: var\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    w("yaml-bomb.yaml", "billion laughs: aliases nested nine deep", bomb)
    w("tabs.yaml", "tab indentation", "data_dir: var\ndrop:\n\tenabled: true\n")
    rng = np.random.default_rng(23)
    w("binary.yaml", "4 KB of random bytes", rng.integers(0, 256, 4096, dtype=np.uint8).tobytes())
    w("unknown-key.yaml", "a key skyroute does not know", "data_dir: var\ndrop: {enabled: true, folderr: /tmp}\n")
    w("wrong-type.yaml", "data_dir a list", "data_dir: [1, 2]\n")
    w("port-range.yaml", "management.http_port 99999", "data_dir: var\nmanagement: {http_port: 99999}\n")
    w("negative-retry.yaml", "retry.initial_delay_ms -1", "data_dir: var\nretry: {initial_delay_ms: -1}\n")
    w("duplicate-keys.yaml", "data_dir given twice", "data_dir: var\ndata_dir: /tmp/elsewhere\n")
    w("deep-nesting.yaml", "10,000 nested lists", "data_dir: var\nx: " + "[" * 10000 + "]" * 10000 + "\n")
    w("huge.yaml", "300 KB (over the 256 KiB cap)", "data_dir: var\n" + "# " + "x" * 98 + "\n" * 1 + ("# " + "x" * 98 + "\n") * 3000)
    w("latin1.yaml", "bytes that are not UTF-8", "data_dir: 'caf\xe9'\n".encode("latin-1"))
    w("cron-bad.yaml", "a Quartz expression that is not one", "data_dir: var\nschedules: {lco_poll: 'every tuesday'}\n")


def write_manifest():
    with open(os.path.join(OUT, "MANIFEST.tsv"), "w") as m:
        m.write("kind\tfile\twhat it is\n")
        for kind, name, what in MANIFEST:
            m.write(f"{kind}\t{name}\t{what}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    open(os.path.join(OUT, "empty.fits"), "wb").close()

    compressed(os.path.join(OUT, "znaxis-40000.fits.fz"))
    patch(os.path.join(OUT, "znaxis-40000.fits.fz"), "ZNAXIS1", 40000)
    patch(os.path.join(OUT, "znaxis-40000.fits.fz"), "ZNAXIS2", 40000)

    compressed(os.path.join(OUT, "znaxis-2e9.fits.fz"))
    patch(os.path.join(OUT, "znaxis-2e9.fits.fz"), "ZNAXIS1", 2000000000)
    patch(os.path.join(OUT, "znaxis-2e9.fits.fz"), "ZNAXIS2", 2000000000)

    # OBJECT of 5,000 characters (FITS long-string CONTINUE cards): as a directory name it is far too long
    compressed(os.path.join(OUT, "long-object.fits.fz"), obj="X" * 5000)

    compressed(os.path.join(OUT, "truncated.fits.fz"))
    whole = open(os.path.join(OUT, "truncated.fits.fz"), "rb").read()
    open(os.path.join(OUT, "truncated.fits.fz"), "wb").write(whole[: len(whole) - 3000])

    rng = np.random.default_rng(14)
    open(os.path.join(OUT, "garbage.fits"), "wb").write(rng.integers(0, 256, 5760, dtype=np.uint8).tobytes())
    open(os.path.join(OUT, "text.fits"), "w").write("this is not a FITS file\n")

    more_frames()
    archive_listings()
    tom_replies()
    dropbox_answers()
    mast_answers()
    configurations()
    write_manifest()
    print(f"{len(MANIFEST)} items")


if __name__ == "__main__":
    main()
