"""Contains all the data models used in inputs/outputs"""

from .attempt_out import AttemptOut
from .audit_entry_out import AuditEntryOut
from .audit_entry_out_after_type_0 import AuditEntryOutAfterType0
from .audit_entry_out_before_type_0 import AuditEntryOutBeforeType0
from .audit_page import AuditPage
from .check_liveness_response_200 import CheckLivenessResponse200
from .check_readiness_response_200 import CheckReadinessResponse200
from .customer_detail_out import CustomerDetailOut
from .customer_detail_out_spent_minor import CustomerDetailOutSpentMinor
from .customer_detail_out_status import CustomerDetailOutStatus
from .customer_out import CustomerOut
from .customer_out_status import CustomerOutStatus
from .customer_page import CustomerPage
from .delivery_detail_out import DeliveryDetailOut
from .delivery_detail_out_status import DeliveryDetailOutStatus
from .delivery_out import DeliveryOut
from .delivery_out_status import DeliveryOutStatus
from .delivery_page import DeliveryPage
from .event_type import EventType
from .export_orders_format import ExportOrdersFormat
from .export_orders_status_type_1 import ExportOrdersStatusType1
from .export_orders_status_type_2_type_1 import ExportOrdersStatusType2Type1
from .export_orders_status_type_3_type_1 import ExportOrdersStatusType3Type1
from .list_deliveries_status_type_1 import ListDeliveriesStatusType1
from .list_deliveries_status_type_2_type_1 import ListDeliveriesStatusType2Type1
from .list_deliveries_status_type_3_type_1 import ListDeliveriesStatusType3Type1
from .list_orders_status_type_1 import ListOrdersStatusType1
from .list_orders_status_type_2_type_1 import ListOrdersStatusType2Type1
from .list_orders_status_type_3_type_1 import ListOrdersStatusType3Type1
from .list_products_status import ListProductsStatus
from .new_product_in import NewProductIn
from .new_staff_in import NewStaffIn
from .new_webhook_in import NewWebhookIn
from .order_cancelled import OrderCancelled
from .order_cancelled_data import OrderCancelledData
from .order_cancelled_data_customer import OrderCancelledDataCustomer
from .order_cancelled_data_lines_item import OrderCancelledDataLinesItem
from .order_cancelled_data_status import OrderCancelledDataStatus
from .order_fulfilled import OrderFulfilled
from .order_fulfilled_data import OrderFulfilledData
from .order_fulfilled_data_customer import OrderFulfilledDataCustomer
from .order_fulfilled_data_lines_item import OrderFulfilledDataLinesItem
from .order_fulfilled_data_status import OrderFulfilledDataStatus
from .order_line_out import OrderLineOut
from .order_out import OrderOut
from .order_out_status import OrderOutStatus
from .order_page import OrderPage
from .order_placed import OrderPlaced
from .order_placed_data import OrderPlacedData
from .order_placed_data_customer import OrderPlacedDataCustomer
from .order_placed_data_lines_item import OrderPlacedDataLinesItem
from .order_placed_data_status import OrderPlacedDataStatus
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .product_changes_in import ProductChangesIn
from .product_out import ProductOut
from .product_page import ProductPage
from .role_change_in import RoleChangeIn
from .sales_day_out import SalesDayOut
from .staff_out import StaffOut
from .staff_role import StaffRole
from .stock_adjustment_in import StockAdjustmentIn
from .token_form import TokenForm
from .token_out import TokenOut
from .webhook_out import WebhookOut

__all__ = (
    "AttemptOut",
    "AuditEntryOut",
    "AuditEntryOutAfterType0",
    "AuditEntryOutBeforeType0",
    "AuditPage",
    "CheckLivenessResponse200",
    "CheckReadinessResponse200",
    "CustomerDetailOut",
    "CustomerDetailOutSpentMinor",
    "CustomerDetailOutStatus",
    "CustomerOut",
    "CustomerOutStatus",
    "CustomerPage",
    "DeliveryDetailOut",
    "DeliveryDetailOutStatus",
    "DeliveryOut",
    "DeliveryOutStatus",
    "DeliveryPage",
    "EventType",
    "ExportOrdersFormat",
    "ExportOrdersStatusType1",
    "ExportOrdersStatusType2Type1",
    "ExportOrdersStatusType3Type1",
    "ListDeliveriesStatusType1",
    "ListDeliveriesStatusType2Type1",
    "ListDeliveriesStatusType3Type1",
    "ListOrdersStatusType1",
    "ListOrdersStatusType2Type1",
    "ListOrdersStatusType3Type1",
    "ListProductsStatus",
    "NewProductIn",
    "NewStaffIn",
    "NewWebhookIn",
    "OrderCancelled",
    "OrderCancelledData",
    "OrderCancelledDataCustomer",
    "OrderCancelledDataLinesItem",
    "OrderCancelledDataStatus",
    "OrderFulfilled",
    "OrderFulfilledData",
    "OrderFulfilledDataCustomer",
    "OrderFulfilledDataLinesItem",
    "OrderFulfilledDataStatus",
    "OrderLineOut",
    "OrderOut",
    "OrderOutStatus",
    "OrderPage",
    "OrderPlaced",
    "OrderPlacedData",
    "OrderPlacedDataCustomer",
    "OrderPlacedDataLinesItem",
    "OrderPlacedDataStatus",
    "Problem",
    "ProblemErrorsItem",
    "ProductChangesIn",
    "ProductOut",
    "ProductPage",
    "RoleChangeIn",
    "SalesDayOut",
    "StaffOut",
    "StaffRole",
    "StockAdjustmentIn",
    "TokenForm",
    "TokenOut",
    "WebhookOut",
)
