"""Contains all the data models used in inputs/outputs"""

from .check_liveness_response_checkliveness import CheckLivenessResponseCheckliveness
from .check_readiness_response_checkreadiness import CheckReadinessResponseCheckreadiness
from .customer_out import CustomerOut
from .order_line_in import OrderLineIn
from .order_line_out import OrderLineOut
from .order_out import OrderOut
from .order_page import OrderPage
from .order_status import OrderStatus
from .place_order_in import PlaceOrderIn
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .product_out import ProductOut
from .product_page import ProductPage
from .sign_up_in import SignUpIn
from .token_form import TokenForm
from .token_out import TokenOut

__all__ = (
    "CheckLivenessResponseCheckliveness",
    "CheckReadinessResponseCheckreadiness",
    "CustomerOut",
    "OrderLineIn",
    "OrderLineOut",
    "OrderOut",
    "OrderPage",
    "OrderStatus",
    "PlaceOrderIn",
    "Problem",
    "ProblemErrorsItem",
    "ProductOut",
    "ProductPage",
    "SignUpIn",
    "TokenForm",
    "TokenOut",
)
