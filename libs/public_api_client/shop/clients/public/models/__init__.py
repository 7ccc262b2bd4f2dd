"""Contains all the data models used in inputs/outputs"""

from .check_liveness_response_checkliveness import CheckLivenessResponseCheckliveness
from .check_readiness_response_checkreadiness import CheckReadinessResponseCheckreadiness
from .customer_response import CustomerResponse
from .order_line_request import OrderLineRequest
from .order_line_response import OrderLineResponse
from .order_page import OrderPage
from .order_response import OrderResponse
from .order_status import OrderStatus
from .place_order_request import PlaceOrderRequest
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .product_page import ProductPage
from .product_response import ProductResponse
from .sign_up_request import SignUpRequest
from .token_form import TokenForm
from .token_response import TokenResponse

__all__ = (
    "CheckLivenessResponseCheckliveness",
    "CheckReadinessResponseCheckreadiness",
    "CustomerResponse",
    "OrderLineRequest",
    "OrderLineResponse",
    "OrderPage",
    "OrderResponse",
    "OrderStatus",
    "PlaceOrderRequest",
    "Problem",
    "ProblemErrorsItem",
    "ProductPage",
    "ProductResponse",
    "SignUpRequest",
    "TokenForm",
    "TokenResponse",
)
