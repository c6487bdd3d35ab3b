"""Thermal receipts: ESC/POS over a real TCP socket, read back as the slip a customer gets."""
from __future__ import annotations

import socket

import pytest

from pos_loyalty.errors import InvalidInput
from pos_loyalty.printing.escpos_slip import PrinterUnavailable, print_slip
from pos_loyalty.printing.slip import Slip
from pos_loyalty.printing.target import parse_target
from tests.escpos_listener import EscPosListener, read_job

SLIP = Slip(title="幸福咖啡 Loyalty Café",
            rows=[("Receipt 1a2b3c4d", "2026-11-25 07:25", "note"),
                  ("美式咖啡  2 × NT$55", "NT$110", "item"),
                  ("  咖啡集點卡 集滿：免費兌換 1 份 美式咖啡", "−NT$55", "why"),
                  ("Subtotal", "NT$110", "sum"), ("Discounts", "−NT$55", "sum"),
                  ("TOTAL", "NT$55", "total"), ("Cash", "NT$100", "sum"), ("Change", "NT$45", "sum"),
                  ("Points balance", "274", "sum"), ("咖啡集點卡 ●●●○○○○○○○", "3/10", "note")],
            qr_text="R-1a2b3c4d")


@pytest.fixture
def printer():
    listener = EscPosListener()
    yield listener
    listener.close()


def printed(printer, slip=SLIP, width=48):
    print_slip(slip, printer=printer.url, width=width)
    return read_job(printer.wait_job())


def test_the_slip_arrives_with_the_shops_name_lines_reasons_and_total(printer):
    job = printed(printer)
    assert job.lines[0] == "幸福咖啡 Loyalty Cafe"
    assert any(line.startswith("美式咖啡  2 x NT$55") and line.endswith("NT$110") for line in job.lines)
    assert any("咖啡集點卡 集滿：免費兌換 1 份 美式咖啡" in line and line.endswith("-NT$55") for line in job.lines)
    total = next(line for line in job.lines if line.startswith("TOTAL"))
    assert total.split() == ["TOTAL", "NT$55"]


def test_points_and_stamps_after_the_sale_are_printed(printer):
    job = printed(printer)
    assert any(line.startswith("Points balance") and line.endswith("274") for line in job.lines)
    assert any(line.startswith("咖啡集點卡 ●●●○○○○○○○") and line.endswith("3/10") for line in job.lines)


def test_the_receipts_qr_is_sent_as_a_printer_qr_command(printer):
    assert printed(printer).qr == ["R-1a2b3c4d"]


def test_every_line_fits_the_paper(printer):
    job = printed(printer, width=32)
    from pos_loyalty.printing.escpos_slip import columns

    assert all(columns(line) <= 32 for line in job.lines), [l for l in job.lines if columns(l) > 32]


def test_a_cash_sale_kicks_the_drawer_once_and_a_card_sale_does_not(printer):
    from dataclasses import replace

    assert printed(printer, replace(SLIP, open_drawer=True)).drawer_kicks == [(0, 50, 50)]
    assert printed(printer).drawer_kicks == []


def test_the_paper_is_cut_at_the_end(printer):
    assert printed(printer).cuts == 1


def test_a_dead_printer_is_one_clear_line_naming_it():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PrinterUnavailable) as caught:
        print_slip(SLIP, printer=f"tcp://127.0.0.1:{port}", timeout=2)
    message = str(caught.value)
    assert "\n" not in message and f"127.0.0.1:{port}" in message and "paid" in message


def test_a_file_printer_receives_the_same_job(tmp_path):
    path = tmp_path / "lp0"
    print_slip(SLIP, printer=f"file://{path}")
    assert read_job(path.read_bytes()).qr == ["R-1a2b3c4d"]


def test_a_missing_usb_printer_is_one_clear_line():
    with pytest.raises(PrinterUnavailable, match="usb://04b8:0202"):
        print_slip(SLIP, printer="usb://04b8:0202", timeout=1)


@pytest.mark.parametrize("text", ["lpt1", "tcp://", "tcp://host:99999", "usb://epson", "file://relative/path",
                                  "http://printer"])
def test_a_printer_address_that_is_not_one_is_refused(text):
    with pytest.raises(InvalidInput, match="printer"):
        parse_target(text)


def test_a_tcp_printer_defaults_to_port_9100():
    assert parse_target("tcp://192.168.1.50").url == "tcp://192.168.1.50:9100"


def test_the_shops_logo_is_printed_as_an_image_above_the_name(printer, tmp_path):
    from dataclasses import replace

    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("L", (120, 60), 0).save(logo)
    job = printed(printer, replace(SLIP, logo=str(logo)))
    assert job.images == 1 and job.lines[0] == "幸福咖啡 Loyalty Cafe"
