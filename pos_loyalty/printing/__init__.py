"""Printed receipts on a thermal printer (ESC/POS), behind one small interface.

`slip.Slip` is what is printed (plain text rows, a QR, a logo, whether the drawer opens);
`escpos_slip.encode()` turns it into ESC/POS bytes with python-escpos; `send()` delivers them to
a raw TCP port (9100), a USB printer or a file. A printer that does not answer is one
PrinterUnavailable with a message a cashier can act on: the sale itself is already paid.
"""
