"""Rewards and redemption (issue 6): the catalogue, vouchers with QR codes, the merchant page.

Models are in points/models_rewards.py; writes in services.py, reads in selectors.py,
pages in views.py, the API in api.py, the periodic tasks in points/tasks.py, and the
registrations (roles, notification kinds, navigation, beat jobs, venue page hooks) in
setup.py, called from points.apps.PointsConfig.ready().
"""
