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
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>in place</source>
        <translation>已就位</translation>
    </message>
    <message>
        <source>failing: {reason}</source>
        <translation>故障：{reason}</translation>
    </message>
    <message>
        <source>vision</source>
        <translation>视觉</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>sensor</source>
        <translation>测温传感器</translation>
    </message>
    <message>
        <source>recorder</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>purger</source>
        <translation>定期删除</translation>
    </message>
    <message>
        <source>service monitor</source>
        <translation>服务监测</translation>
    </message>
    <message>
        <source>recognition</source>
        <translation>人脸识别</translation>
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
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>First-run setup</source>
        <translation>首次设置</translation>
    </message>
    <message>
        <source>Choose an operator PIN (6 to 12 digits), twice:</source>
        <translation>设置操作员密码（6 至 12 位数字），请输入两次：</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Restart kiosk</source>
        <translation>重启终端</translation>
    </message>
    <message>
        <source>Restart the kiosk now? Screening stops for a few seconds.</source>
        <translation>现在重启终端吗？测温将暂停几秒钟。</translation>
    </message>
    <message>
        <source>Leave set-up? Nothing entered here is saved.</source>
        <translation>退出设置？此处输入的内容不会保存。</translation>
    </message>
    <message>
        <source>Leave set-up</source>
        <translation>退出设置</translation>
    </message>
    <message>
        <source>Quit the kiosk? Screening stops until someone starts it again.</source>
        <translation>退出终端吗？在再次启动之前将无法测温。</translation>
    </message>
    <message>
        <source>No, go back</source>
        <translation>不，返回</translation>
    </message>
    <message>
        <source>Saved. {keys} take effect when the kiosk restarts.</source>
        <translation>已保存。{keys} 将在终端重启后生效。</translation>
    </message>
    <message>
        <source>Saved {name} on the USB stick ({days} days).</source>
        <translation>已将 {name} 保存到 U 盘（{days} 天）。</translation>
    </message>
    <message>
        <source>No USB stick found: saved {name} in the kiosk&apos;s data folder ({days} days).</source>
        <translation>未找到 U 盘：已将 {name} 保存在终端的数据文件夹中（{days} 天）。</translation>
    </message>
    <message>
        <source>New operator PIN (6 to 12 digits)</source>
        <translation>新的操作员密码（6 至 12 位数字）</translation>
    </message>
    <message>
        <source>The same PIN again</source>
        <translation>再次输入同一密码</translation>
    </message>
    <message>
        <source>The new PIN is saved.</source>
        <translation>新密码已保存。</translation>
    </message>
    <message>
        <source>The PIN must be 6 to 12 digits.</source>
        <translation>密码须为 6 至 12 位数字。</translation>
    </message>
    <message>
        <source>Cancel set-up</source>
        <translation>取消设置</translation>
    </message>
    <message>
        <source>Step {step} of {steps}</source>
        <translation>第 {step} 步，共 {steps} 步</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Who runs this kiosk</source>
        <translation>运营方</translation>
    </message>
    <message>
        <source>Thermometer</source>
        <translation>测温传感器</translation>
    </message>
    <message>
        <source>Alarm threshold</source>
        <translation>报警阈值</translation>
    </message>
    <message>
        <source>Aim and calibrate</source>
        <translation>对准与校准</translation>
    </message>
    <message>
        <source>The notice must name the operator and a contact: fill in both.</source>
        <translation>告知须写明运营方及联系方式：请两项都填写。</translation>
    </message>
    <message>
        <source>Name the thermometer&apos;s serial port (or tap Detect).</source>
        <translation>请填写测温传感器的串口（或点“检测”）。</translation>
    </message>
    <message>
        <source>Stand in front of the kiosk: your face should be outlined in the picture.</source>
        <translation>请站在终端前：画面中应框出您的脸。</translation>
    </message>
    <message>
        <source>Tap Detect to listen on every serial port, or choose the board and type its port.</source>
        <translation>点“检测”在所有串口上查找传感器，或选择型号并输入串口。</translation>
    </message>
    <message>
        <source>The warm areas the sensor sees are drawn over the camera picture. Stand at the marked spot: the warmest area should lie on your face. If it does not, adjust the sensor&apos;s mounting, or calibrate:</source>
        <translation>画面上叠加显示传感器看到的较热区域。请站在标记位置：最热的区域应落在您的脸上。如果没有，请调整传感器的安装位置，或进行校准：</translation>
    </message>
    <message>
        <source>1. Hold a warm target (a cup of hot water) in front of the camera.
2. Tap its centre in the picture: the kiosk finds it in the thermal image.
3. Repeat at six or more places across the picture, near and far.
4. Tap Fit: the kiosk checks the fit and saves it if it is good.</source>
        <translation>1. 在摄像头前拿一个热目标（一杯热水）。
2. 在画面中点它的中心：终端会在热像中找到它。
3. 在画面各处、远近不同的六个以上位置重复。
4. 点“拟合”：终端检查拟合结果，合格即保存。</translation>
    </message>
    <message>
        <source>{points} points marked (at least {needed}).</source>
        <translation>已标记 {points} 个点（至少 {needed} 个）。</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <source>Undo last point</source>
        <translation>撤销上一个点</translation>
    </message>
    <message>
        <source>Calibrated: the average error is {residual:.2f} thermal pixels. Saved.</source>
        <translation>已校准：平均误差 {residual:.2f} 个热像素。已保存。</translation>
    </message>
    <message>
        <source>Not good enough ({residual:.2f} pixels, at most {limit}): re-mark point {worst}.</source>
        <translation>精度不足（{residual:.2f} 像素，最多 {limit}）：请重新标记第 {worst} 个点。</translation>
    </message>
    <message>
        <source>No warm target found in the thermal image: hold it closer and tap again.</source>
        <translation>热像中未找到热目标：请拿近一些再点一次。</translation>
    </message>
    <message>
        <source>You can finish now and calibrate later from the settings.</source>
        <translation>也可以现在完成设置，稍后在设置中校准。</translation>
    </message>
    <message>
        <source>The camera is not working</source>
        <translation>摄像头不工作</translation>
    </message>
    <message>
        <source>The thermometer is not working</source>
        <translation>测温传感器不工作</translation>
    </message>
    <message>
        <source>The blackbody reference is out of place</source>
        <translation>黑体参考源位置不对</translation>
    </message>
    <message>
        <source>Set-up is not finished</source>
        <translation>设置尚未完成</translation>
    </message>
    <message>
        <source>Screening records are not being kept</source>
        <translation>筛查记录未能保存</translation>
    </message>
    <message>
        <source>The clock jumped: check the date and time</source>
        <translation>时钟跳变：请检查日期和时间</translation>
    </message>
    <message>
        <source>The kiosk keeps failing and restarts itself</source>
        <translation>终端反复出错，正在自行重启</translation>
    </message>
    <message>
        <source>The gate relay is not switching</source>
        <translation>闸机继电器没有动作</translation>
    </message>
    <message>
        <source>The settings file was refused</source>
        <translation>设置文件被拒绝</translation>
    </message>
    <message>
        <source>A part of the kiosk was restarted</source>
        <translation>终端的一个环节已被重启</translation>
    </message>
    <message>
        <source>A part of the kiosk is not responding</source>
        <translation>终端的一个环节没有响应</translation>
    </message>
    <message>
        <source>Fleet reporting is not reaching its server</source>
        <translation>集中监控数据无法送达服务器</translation>
    </message>
    <message>
        <source>The audit log was tampered with</source>
        <translation>审计日志被篡改</translation>
    </message>
    <message>
        <source>Face recognition is unavailable</source>
        <translation>人脸识别不可用</translation>
    </message>
    <message>
        <source>Fleet reporting could not start</source>
        <translation>集中监控无法启动</translation>
    </message>
    <message>
        <source>Unusually many elevated results this hour</source>
        <translation>本小时体温偏高结果异常增多</translation>
    </message>
    <message>
        <source>Kiosk alert</source>
        <translation>终端警报</translation>
    </message>
    <message>
        <source>Or another camera (file or URL):</source>
        <translation>或其他摄像头（文件或网址）：</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Camera {number}</source>
        <translation>摄像头 {number}</translation>
    </message>
    <message>
        <source>Set-up saved. The kiosk restarts now to use the camera and thermometer.</source>
        <translation>设置已保存。终端将重启以启用摄像头和测温传感器。</translation>
    </message>
    <message>
        <source>Recognise me</source>
        <translation>识别我</translation>
    </message>
    <message>
        <source>Looking you up…</source>
        <translation>正在识别…</translation>
    </message>
    <message>
        <source>Please look at the camera, then tap again.</source>
        <translation>请看向摄像头，然后再点一次。</translation>
    </message>
    <message>
        <source>Welcome back, {label}</source>
        <translation>欢迎回来，{label}</translation>
    </message>
    <message>
        <source>Not recognised. Screening goes on as usual; nothing was kept.</source>
        <translation>未能识别。测温照常进行，未保存任何信息。</translation>
    </message>
    <message>
        <source>Look at the camera… {seconds}</source>
        <translation>请看摄像头… {seconds}</translation>
    </message>
    <message>
        <source>Hold still… {taken} of {needed}</source>
        <translation>请保持不动… {taken}/{needed}</translation>
    </message>
    <message>
        <source>Now with your mask on, please… {taken} of {needed}</source>
        <translation>现在请戴好口罩… {taken}/{needed}</translation>
    </message>
    <message>
        <source>You are already enrolled, as number {number}. Nothing new was stored.</source>
        <translation>您已登记，登记编号为 {number}。未保存新的信息。</translation>
    </message>
    <message>
        <source>Enrolment cancelled. Nothing was stored.</source>
        <translation>已取消登记，未保存任何信息。</translation>
    </message>
    <message>
        <source>Please look at the screen</source>
        <translation>请看屏幕</translation>
    </message>
    <message>
        <source>Only one face in the picture, please</source>
        <translation>画面中请只保留一张脸</translation>
    </message>
    <message>
        <source>Please come a little closer</source>
        <translation>请再靠近一点</translation>
    </message>
    <message>
        <source>Please face the screen straight on</source>
        <translation>请正对屏幕</translation>
    </message>
    <message>
        <source>Please hold still</source>
        <translation>请保持不动</translation>
    </message>
    <message>
        <source>Please keep your eyes open</source>
        <translation>请睁开眼睛</translation>
    </message>
    <message>
        <source>Please lower your mask for a moment</source>
        <translation>请暂时拉下口罩</translation>
    </message>
    <message>
        <source>Please put your mask back on</source>
        <translation>请重新戴好口罩</translation>
    </message>
    <message>
        <source>Enrolments</source>
        <translation>登记人员</translation>
    </message>
    <message>
        <source>{count} people enrolled (newest first).</source>
        <translation>已登记 {count} 人（最新的在前）。</translation>
    </message>
    <message>
        <source>No. {number} · {label} · enrolled {enrolled} · last seen {seen} · deleted on {expires}</source>
        <translation>编号 {number} · {label} · 登记于 {enrolled} · 最后识别 {seen} · 将于 {expires} 删除</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete enrolment number {number} and its face templates now?</source>
        <translation>现在删除编号 {number} 的登记及其人脸模板吗？</translation>
    </message>
    <message>
        <source>Enrolment {number} deleted.</source>
        <translation>编号 {number} 的登记已删除。</translation>
    </message>
    <message>
        <source>Please step about {cm} cm closer</source>
        <translation>请再走近约 {cm} 厘米</translation>
    </message>
    <message>
        <source>Please see staff for a check</source>
        <translation>请联系工作人员复测</translation>
    </message>
    <message>
        <source>The kiosk could not rule out an elevated temperature. A member of staff will check it with a clinical thermometer.</source>
        <translation>本机无法排除体温偏高。工作人员将用医用体温计为您复测。</translation>
    </message>
    <message>
        <source>Measured at the forehead: less certain.</source>
        <translation>在额头测量：准确度较低。</translation>
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
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>Privacy and retention</source>
        <translation>隐私与保存期限</translation>
    </message>
    <message>
        <source>Recognition</source>
        <translation>人脸识别</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Sound and gate</source>
        <translation>声音与闸机</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>运营与操作</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Alarm threshold, °C</source>
        <translation>报警阈值（°C）</translation>
    </message>
    <message>
        <source>A body temperature at or above this is shown as elevated.</source>
        <translation>体温达到或超过此值时显示为偏高。</translation>
    </message>
    <message>
        <source>Threshold mode</source>
        <translation>阈值方式</translation>
    </message>
    <message>
        <source>Adaptive: the running mean of recent normal visitors plus a margin.</source>
        <translation>自适应：最近正常访客的平均值加上一个余量。</translation>
    </message>
    <message>
        <source>Adaptive margin, °C</source>
        <translation>自适应余量（°C）</translation>
    </message>
    <message>
        <source>How far above the running mean is elevated.</source>
        <translation>高出平均值多少即为偏高。</translation>
    </message>
    <message>
        <source>Nearest measuring distance, m</source>
        <translation>最近测量距离（米）</translation>
    </message>
    <message>
        <source>Visitors closer than this are asked to step back.</source>
        <translation>比这更近的访客会被提示后退。</translation>
    </message>
    <message>
        <source>Farthest measuring distance, m</source>
        <translation>最远测量距离（米）</translation>
    </message>
    <message>
        <source>Visitors farther than this are asked to step closer.</source>
        <translation>比这更远的访客会被提示走近。</translation>
    </message>
    <message>
        <source>Calibration offset, °C</source>
        <translation>校准偏移（°C）</translation>
    </message>
    <message>
        <source>Added to the eye-corner reading; found by calibrating with volunteers.</source>
        <translation>加到内眼角读数上；通过志愿者校准得出。</translation>
    </message>
    <message>
        <source>Result shown for, s</source>
        <translation>结果显示时长（秒）</translation>
    </message>
    <message>
        <source>How long a result stays on the screen.</source>
        <translation>结果在屏幕上停留多久。</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>运营方名称</translation>
    </message>
    <message>
        <source>Who runs this kiosk, as the notice names it.</source>
        <translation>告知中写明的本终端运营方。</translation>
    </message>
    <message>
        <source>Operator contact</source>
        <translation>运营方联系方式</translation>
    </message>
    <message>
        <source>How visitors reach the operator, on the notice.</source>
        <translation>告知中写明的访客联系方式。</translation>
    </message>
    <message>
        <source>Extra notice text (Chinese)</source>
        <translation>告知附加文字（中文）</translation>
    </message>
    <message>
        <source>Anything more the notice should say, in Chinese.</source>
        <translation>告知中需补充的其他中文内容。</translation>
    </message>
    <message>
        <source>Extra notice text (English)</source>
        <translation>告知附加文字（英文）</translation>
    </message>
    <message>
        <source>Anything more the notice should say, in English.</source>
        <translation>告知中需补充的其他英文内容。</translation>
    </message>
    <message>
        <source>Keep screening records, days</source>
        <translation>筛查记录保存天数</translation>
    </message>
    <message>
        <source>Results (no identity, no image) are deleted after this.</source>
        <translation>测量结果（不含身份和图像）超过此期限即删除。</translation>
    </message>
    <message>
        <source>Keep face templates, days unseen</source>
        <translation>人脸模板保存天数（自最后使用起）</translation>
    </message>
    <message>
        <source>A template is deleted this long after it was last used.</source>
        <translation>人脸模板自最后一次使用起超过此期限即删除。</translation>
    </message>
    <message>
        <source>Keep consent records, days</source>
        <translation>同意记录保存天数</translation>
    </message>
    <message>
        <source>Consent decisions are deleted this long after use.</source>
        <translation>同意记录在不再需要后超过此期限即删除。</translation>
    </message>
    <message>
        <source>Keep the audit log, days</source>
        <translation>审计日志保存天数</translation>
    </message>
    <message>
        <source>Audit entries are deleted after this.</source>
        <translation>审计日志超过此期限即删除。</translation>
    </message>
    <message>
        <source>Allow enrolment</source>
        <translation>允许登记人脸</translation>
    </message>
    <message>
        <source>Off: nobody can be enrolled; screening is unchanged.</source>
        <translation>关闭：任何人都无法登记；测温不受影响。</translation>
    </message>
    <message>
        <source>Offer face recognition</source>
        <translation>提供人脸识别</translation>
    </message>
    <message>
        <source>Visitors may agree to be recognised; the notice then says so.</source>
        <translation>访客可同意被识别；告知将说明这一点。</translation>
    </message>
    <message>
        <source>Recognise enrolled people automatically</source>
        <translation>自动识别已登记人员</translation>
    </message>
    <message>
        <source>Without a tap; unknown faces are discarded at once. The notice says so.</source>
        <translation>无需点按；未登记的人脸立即丢弃。告知将说明这一点。</translation>
    </message>
    <message>
        <source>Enrolment countdown, s</source>
        <translation>登记倒计时（秒）</translation>
    </message>
    <message>
        <source>Time for the visitor to look at the camera.</source>
        <translation>留给访客看向摄像头的时间。</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>auto, a device number such as 0, a video file or a URL.</source>
        <translation>自动、设备编号（如 0）、视频文件或网址。</translation>
    </message>
    <message>
        <source>Thermometer board</source>
        <translation>测温传感器型号</translation>
    </message>
    <message>
        <source>The board on the serial port: the GY-MCU90640 carries an MLX90640 32×24 array, the other two a single-point MLX90614.</source>
        <translation>串口上接的测温板：GY-MCU90640 带 MLX90640 32×24 阵列，另外两种带单点 MLX90614。</translation>
    </message>
    <message>
        <source>Thermometer serial port</source>
        <translation>测温传感器串口</translation>
    </message>
    <message>
        <source>For example /dev/ttyUSB0.</source>
        <translation>例如 /dev/ttyUSB0。</translation>
    </message>
    <message>
        <source>Serial speed</source>
        <translation>串口速率</translation>
    </message>
    <message>
        <source>Empty: the board&apos;s usual speed.</source>
        <translation>留空：使用传感器的默认速率。</translation>
    </message>
    <message>
        <source>Sensor lens</source>
        <translation>传感器镜头</translation>
    </message>
    <message>
        <source>The lens printed on the sensor; it sets the field of view.</source>
        <translation>传感器上标注的镜头型号，决定视场角。</translation>
    </message>
    <message>
        <source>Mirror the thermal image</source>
        <translation>热像左右镜像</translation>
    </message>
    <message>
        <source>Some boards send their columns reversed.</source>
        <translation>有些传感器板输出的列顺序是反的。</translation>
    </message>
    <message>
        <source>Rotate the thermal image</source>
        <translation>热像旋转</translation>
    </message>
    <message>
        <source>As the sensor is mounted, clockwise.</source>
        <translation>按传感器的安装方向，顺时针。</translation>
    </message>
    <message>
        <source>Sound volume, %</source>
        <translation>提示音音量（%）</translation>
    </message>
    <message>
        <source>A short sound after every result; 0 = silent.</source>
        <translation>每次结果后播放简短提示音；0 为静音。</translation>
    </message>
    <message>
        <source>Open a gate on a normal result</source>
        <translation>体温正常时打开闸机</translation>
    </message>
    <message>
        <source>Pulses a relay for a door or turnstile.</source>
        <translation>向门禁或闸机继电器发出脉冲。</translation>
    </message>
    <message>
        <source>Gate relay</source>
        <translation>闸机继电器</translation>
    </message>
    <message>
        <source>A USB relay board, or a GPIO line.</source>
        <translation>USB 继电器板，或 GPIO 线。</translation>
    </message>
    <message>
        <source>Gate relay port</source>
        <translation>闸机继电器端口</translation>
    </message>
    <message>
        <source>The relay board&apos;s serial port, or the GPIO value file.</source>
        <translation>继电器板的串口，或 GPIO 的 value 文件。</translation>
    </message>
    <message>
        <source>Relay channel</source>
        <translation>继电器通道</translation>
    </message>
    <message>
        <source>Which relay on the board.</source>
        <translation>使用板上的哪一路继电器。</translation>
    </message>
    <message>
        <source>Gate open for, s</source>
        <translation>闸机打开时长（秒）</translation>
    </message>
    <message>
        <source>How long the relay stays closed.</source>
        <translation>继电器保持闭合的时间。</translation>
    </message>
    <message>
        <source>First language</source>
        <translation>首选语言</translation>
    </message>
    <message>
        <source>Visitor screens start in this language.</source>
        <translation>访客界面默认使用此语言。</translation>
    </message>
    <message>
        <source>Corner hold for the PIN, s</source>
        <translation>按住角落打开面板的时长（秒）</translation>
    </message>
    <message>
        <source>Hold the top-left corner this long to open this panel.</source>
        <translation>按住左上角这么久即可打开本面板。</translation>
    </message>
    <message>
        <source>Full-screen kiosk mode</source>
        <translation>全屏终端模式</translation>
    </message>
    <message>
        <source>Full screen, no window frame; leaving needs the PIN.</source>
        <translation>全屏、无窗口边框；退出需要密码。</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Adaptive</source>
        <translation>自适应</translation>
    </message>
    <message>
        <source>USB relay board</source>
        <translation>USB 继电器板</translation>
    </message>
    <message>
        <source>GPIO line</source>
        <translation>GPIO 线</translation>
    </message>
    <message>
        <source>Board default</source>
        <translation>传感器默认</translation>
    </message>
    <message>
        <source>From the board</source>
        <translation>按传感器型号</translation>
    </message>
</context>
</TS>
