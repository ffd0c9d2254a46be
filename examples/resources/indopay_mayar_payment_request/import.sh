# A payment request is imported by its Mayar id (a UUID). Mayar never returns
# its email, mobile, expiry or transaction id, so they are null after import.
terraform import indopay_mayar_payment_request.rent 6f8c19ff-5b97-4792-aa89-d2a12797b356
