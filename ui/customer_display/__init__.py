"""The customer-facing display: basket, total, stamps filling, points earned, a join QR."""
