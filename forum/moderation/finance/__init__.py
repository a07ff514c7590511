"""The finance-risk rules: pump language near a ticker, links to paid promotion, and pumps
without a disclosure of the author's position. Tuned in the admin (FinanceRules,
PromotionPattern), compiled once per change (config.py)."""
