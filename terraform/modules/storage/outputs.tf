output "documents_bucket_name" {
  description = "Name of the documents bucket (AWS_STORAGE_BUCKET_NAME)."
  value       = aws_s3_bucket.documents.id
}

output "documents_bucket_arn" {
  description = "ARN of the documents bucket."
  value       = aws_s3_bucket.documents.arn
}

output "documents_kms_key_arn" {
  description = "KMS key of the documents bucket."
  value       = aws_kms_key.documents.arn
}

output "logs_bucket_name" {
  description = "Bucket receiving access logs (ALB logs go under alb/)."
  value       = aws_s3_bucket.logs.id
}

output "alb_logs_prefix" {
  description = "Prefix of the ALB access logs in the logs bucket."
  value       = "alb"
}
