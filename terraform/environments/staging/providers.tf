provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "processo-municipal"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

# Route 53 health-check metrics (the /readyz alarm) exist only in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "processo-municipal"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
