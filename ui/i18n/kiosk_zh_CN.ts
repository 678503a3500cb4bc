<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Kiosk</name>
    <message>
        <source>Temperature screening</source>
        <translation>体温筛查</translation>
    </message>
    <message>
        <source>中文</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Please step up to be screened</source>
        <translation>请走近屏幕测量体温</translation>
    </message>
    <message>
        <source>Stand in front of the screen and look at the camera. It takes a few seconds.</source>
        <translation>请站在屏幕前看向摄像头，只需几秒钟。</translation>
    </message>
    <message>
        <source>Face recognition (optional)</source>
        <translation>人脸识别（自愿）</translation>
    </message>
    <message>
        <source>Forget me</source>
        <translation>删除我的数据</translation>
    </message>
    <message>
        <source>Please step a little closer</source>
        <translation>请再靠近一点</translation>
    </message>
    <message>
        <source>Please step back a little</source>
        <translation>请稍微后退</translation>
    </message>
    <message>
        <source>One person at a time, please</source>
        <translation>请一次一人测量</translation>
    </message>
    <message>
        <source>Please look straight at the screen</source>
        <translation>请正对屏幕</translation>
    </message>
    <message>
        <source>Please move to the centre of the picture</source>
        <translation>请站到画面中央</translation>
    </message>
    <message>
        <source>Measuring — please hold still</source>
        <translation>正在测量，请保持不动</translation>
    </message>
    <message>
        <source>Please take off your glasses for a moment</source>
        <translation>请暂时摘下眼镜</translation>
    </message>
    <message>
        <source>If asked, please take off your hat or glasses. A mask can stay on.</source>
        <translation>如有提示，请摘下帽子或眼镜。口罩无需摘下。</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <source>Normal — please go ahead</source>
        <translation>体温正常，请进</translation>
    </message>
    <message>
        <source>Temperature elevated</source>
        <translation>体温偏高</translation>
    </message>
    <message>
        <source>Could not measure</source>
        <translation>未能测量</translation>
    </message>
    <message>
        <source>Not screened</source>
        <translation>未能筛查</translation>
    </message>
    <message>
        <source>Thank you.</source>
        <translation>谢谢。</translation>
    </message>
    <message>
        <source>Please see a member of staff for a confirmatory measurement with a clinical thermometer.</source>
        <translation>请联系工作人员，用医用体温计复测确认。</translation>
    </message>
    <message>
        <source>Please step back, then step up again.</source>
        <translation>请后退一步，再重新走近。</translation>
    </message>
    <message>
        <source>No skin temperature was found. Please step up in person; photos and screens cannot be screened.</source>
        <translation>未检测到皮肤温度。请本人上前测量；照片和屏幕无法筛查。</translation>
    </message>
    <message>
        <source>Screening paused: a device is not ready. Please ask staff.</source>
        <translation>测温暂停：设备未就绪，请联系工作人员。</translation>
    </message>
    <message>
        <source>Temporarily out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>Please ask a member of staff to take your temperature.</source>
        <translation>请联系工作人员为您测量体温。</translation>
    </message>
    <message>
        <source>Starting up — one moment, please</source>
        <translation>正在启动，请稍候</translation>
    </message>
    <message>
        <source>DEMO — simulated visitors</source>
        <translation>演示：模拟访客</translation>
    </message>
    <message>
        <source>Staff: {count} alert(s) — {first}</source>
        <translation>工作人员提示：{count} 条警报 — {first}</translation>
    </message>
    <message>
        <source>Face recognition: your choice</source>
        <translation>人脸识别：由您决定</translation>
    </message>
    <message>
        <source>With your consent the kiosk keeps an encrypted face template on this device, so it can recognise you next time (fast pass, clock-in). Nothing leaves the device. You can delete it at any time with “Forget me”. Screening is exactly the same if you decline.</source>
        <translation>经您同意，本机会在本设备上加密保存您的人脸特征模板，以便下次识别您（快速通行、考勤打卡）。信息不会传出本机。您可随时点击“删除我的数据”删除。不同意也能照常测温。</translation>
    </message>
    <message>
        <source>Is the person enrolling under 14?</source>
        <translation>登记人是否未满14周岁？</translation>
    </message>
    <message>
        <source>Under 14</source>
        <translation>未满14周岁</translation>
    </message>
    <message>
        <source>14 or older</source>
        <translation>已满14周岁</translation>
    </message>
    <message>
        <source>I am the parent or guardian and I agree</source>
        <translation>我是其父母或监护人，我同意</translation>
    </message>
    <message>
        <source>Please answer the age question first.</source>
        <translation>请先回答年龄问题。</translation>
    </message>
    <message>
        <source>Under 14: a parent or guardian must confirm before agreeing.</source>
        <translation>未满14周岁：须由父母或监护人确认后才能同意。</translation>
    </message>
    <message>
        <source>I agree</source>
        <translation>我同意</translation>
    </message>
    <message>
        <source>No, thank you</source>
        <translation>不用了，谢谢</translation>
    </message>
    <message>
        <source>Noted: no face recognition. Screening works as usual.</source>
        <translation>已记录：不使用人脸识别。测温照常进行。</translation>
    </message>
    <message>
        <source>Please look at the camera while we enrol you…</source>
        <translation>请看向摄像头，正在为您登记…</translation>
    </message>
    <message>
        <source>Done. Your enrolment number is {number}.</source>
        <translation>完成。您的登记编号是 {number}。</translation>
    </message>
    <message>
        <source>Your face was not found clearly. Nothing was stored. Please try again.</source>
        <translation>未能清楚识别到您的面部，未保存任何信息。请重试。</translation>
    </message>
    <message>
        <source>To find your enrolment the kiosk compares your face with the stored templates once. Look at the camera and tap “Find me”.</source>
        <translation>为找到您的登记信息，本机会将您的面部与已保存的模板比对一次。请看向摄像头并点击“查找我”。</translation>
    </message>
    <message>
        <source>Find me</source>
        <translation>查找我</translation>
    </message>
    <message>
        <source>Looking for your enrolment…</source>
        <translation>正在查找您的登记信息…</translation>
    </message>
    <message>
        <source>Enrolment number {number} found. Delete it and its face template now?</source>
        <translation>已找到登记编号 {number}。现在删除该登记及其人脸模板吗？</translation>
    </message>
    <message>
        <source>Delete now</source>
        <translation>立即删除</translation>
    </message>
    <message>
        <source>Deleted. Your face template is gone.</source>
        <translation>已删除。您的人脸模板已不复存在。</translation>
    </message>
    <message>
        <source>No enrolment matched your face. Staff can delete an enrolment by its number.</source>
        <translation>没有与您面部匹配的登记。工作人员可按登记编号删除。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Sorry, that did not work. Please ask a member of staff.</source>
        <translation>抱歉，操作未成功。请联系工作人员。</translation>
    </message>
    <message>
        <source>Operator PIN</source>
        <translation>操作员密码</translation>
    </message>
    <message>
        <source>Wrong PIN: {left} tries left.</source>
        <translation>密码错误：还可尝试 {left} 次。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Locked for {minutes}:{seconds:02d}.</source>
        <translation>密码错误次数过多，已锁定 {minutes}:{seconds:02d}。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Export daily counts (CSV)</source>
        <translation>导出每日统计（CSV）</translation>
    </message>
    <message>
        <source>Exported {days} days to {path}</source>
        <translation>已导出 {days} 天的统计到 {path}</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Back to screening</source>
        <translation>返回测温</translation>
    </message>
    <message>
        <source>Quit the kiosk</source>
        <translation>退出本机程序</translation>
    </message>
    <message>
        <source>Camera: {state}, {fps:.1f} frames/s</source>
        <translation>摄像头：{state}，每秒 {fps:.1f} 帧</translation>
    </message>
    <message>
        <source>Sensor: {state}; frames {frames}, bad checksums {bad}, resyncs {resyncs}, reconnects {reconnects}</source>
        <translation>测温传感器：{state}；帧数 {frames}，校验错误 {bad}，重新同步 {resyncs}，重新连接 {reconnects}</translation>
    </message>
    <message>
        <source>Blackbody: {state}</source>
        <translation>黑体参考源：{state}</translation>
    </message>
    <message>
        <source>Gate: {state}</source>
        <translation>闸机：{state}</translation>
    </message>
    <message>
        <source>Stages: {stages}</source>
        <translation>各环节：{stages}</translation>
    </message>
    <message>
        <source>{name} {age:.1f} s ago, {restarts} restarts</source>
        <translation>{name}：{age:.1f} 秒前响应，已重启 {restarts} 次</translation>
    </message>
    <message>
        <source>Starting up.</source>
        <translation>正在启动。</translation>
    </message>
    <message>
        <source>In service.</source>
        <translation>正常服务中。</translation>
    </message>
    <message>
        <source>OUT OF SERVICE:</source>
        <translation>暂停服务：</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认已知</translation>
    </message>
    <message>
        <source>Test gate</source>
        <translation>测试闸机</translation>
    </message>
    <message>
        <source>Gate pulsed: check that it opened.</source>
        <translation>已触发闸机：请确认闸机已打开。</translation>
    </message>
    <message>
        <source>No gate is configured (operator.gate).</source>
        <translation>未配置闸机（operator.gate）。</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>工作正常</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>Today: {screened} screened, {elevated} elevated, {retakes} retakes, {masked} masked</source>
        <translation>今日：已测 {screened} 人，体温偏高 {elevated} 人，重测 {retakes} 次，戴口罩 {masked} 人</translation>
    </message>
    <message>
        <source>Enrolled people: {people} (alert at {threshold})</source>
        <translation>已登记人数：{people}（提醒阈值 {threshold}）</translation>
    </message>
    <message>
        <source>ALERT: the filing threshold for enrolled people has been reached.</source>
        <translation>警告：已登记人数达到备案门槛。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Saved. Measurement settings take effect when the kiosk next starts.</source>
        <translation>已保存。测量相关设置将在下次启动时生效。</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>First-run setup</source>
        <translation>首次设置</translation>
    </message>
    <message>
        <source>Choose an operator PIN (4 to 12 digits), twice:</source>
        <translation>请设置操作员密码（4至12位数字），输入两次：</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Who runs this kiosk, and how visitors reach you:</source>
        <translation>本机运营方，以及访客联系您的方式：</translation>
    </message>
    <message>
        <source>Language visitors see first:</source>
        <translation>访客首先看到的语言：</translation>
    </message>
    <message>
        <source>Camera: &apos;demo&apos;, a device index such as 0, a file or a URL. Live picture:</source>
        <translation>摄像头：&apos;demo&apos;、设备编号（如 0）、文件或网址。实时画面：</translation>
    </message>
    <message>
        <source>Thermometer board and serial port:</source>
        <translation>测温板型号和串口：</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Listening on every serial port…</source>
        <translation>正在监听所有串口…</translation>
    </message>
    <message>
        <source>Found {driver} on {port} at {baud} baud.</source>
        <translation>在 {port} 上发现 {driver}，波特率 {baud}。</translation>
    </message>
    <message>
        <source>No sensor found: {message}</source>
        <translation>未找到传感器：{message}</translation>
    </message>
    <message>
        <source>Temperature at or above which is elevated, °C:</source>
        <translation>体温达到或超过以下数值即为偏高（°C）：</translation>
    </message>
    <message>
        <source>Current camera-to-thermal mapping (homography):
{matrix}

To calibrate, run `kiosk calibrate` with the blackbody target in view, then restart the kiosk.</source>
        <translation>当前摄像头到热像的映射（单应矩阵）：
{matrix}

如需校准，请在黑体靶可见时运行 `kiosk calibrate`，然后重新启动本机。</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
</TS>
