"""Exchange with the province's other systems: edXML packages (QCVN 102:2016/BTTTT)."""
