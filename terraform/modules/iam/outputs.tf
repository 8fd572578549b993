output "execution_role_arn" {
  description = "Role the ECS agent uses to start the tasks."
  value       = aws_iam_role.execution.arn
}

output "app_task_role_arn" {
  description = "Role of the web, worker and migrate containers."
  value       = aws_iam_role.app.arn
}

output "beat_task_role_arn" {
  description = "Role of the beat task (queue-depth metric only)."
  value       = aws_iam_role.beat.arn
}
