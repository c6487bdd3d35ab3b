"""Reusable till widgets, named by role (StampStrip, MemberPanel, BasketView, ...)."""
