# A payment is imported by the id PayGet assigned to it. The QR code, fee,
# balance received and timestamps are returned by PayGet only at creation,
# so they stay null after import.
terraform import indopay_payget_payment.topup a1b2c3d4e5f6g7h8
