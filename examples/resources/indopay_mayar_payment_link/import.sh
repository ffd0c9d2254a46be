# A payment link is imported by its Mayar id (a UUID), not by its URL: find
# the id with terraform query and the indopay_mayar_payment_link list
# resource. Redirect URL, notes, expiry, limit and tax are null after import.
terraform import indopay_mayar_payment_link.kopi 3c5a7a3e-1f0e-4a8e-9a55-2d5b1c0e7f21
